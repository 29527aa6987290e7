import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The `twotier` command as a user runs it. */
export const TWOTIER_BIN = fileURLToPath(new URL('../bin/twotier.mjs', import.meta.url));

/** A `twotier serve` the test started: `pid` is the process a supervisor would signal. */
export interface ServeProcess {
  proc: ChildProcess;
  pid: number;
  url: string;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Resolves with how it ended (at once if it already has). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started = new Set<ChildProcess>();

/** SIGKILLs every `twotier serve` this file started that is still running (for `afterAll`). */
export function killStartedServers(): void {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  started.clear();
}

/** Starts `node bin/twotier.mjs serve …args` and resolves once it says where it listens. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [TWOTIER_BIN, 'serve', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(proc);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const end = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`serve did not listen within ${timeoutMs} ms:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = () => {
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      resolve({ proc, pid: proc.pid!, url: m[1]!.replace('localhost', '127.0.0.1'), output: () => out, exited: () => end });
    };
    proc.stdout!.on('data', onData);
    void end.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening:\n${out.slice(-2000)}`));
    });
  });
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const pids = () => readdirSync('/proc').filter((p) => /^\d+$/.test(p));

/** Reads a /proc file, or `''` if the process went away meanwhile. */
const procText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Whether a socket listens on `port` (Linux: /proc/net/tcp and tcp6, state 0A). */
export function listensOn(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((table) =>
    procText(table)
      .split('\n')
      .slice(1)
      .some((line) => {
        const [, local, , state] = line.trim().split(/\s+/);
        return state === '0A' && local?.endsWith(`:${hex}`);
      }),
  );
}

/** Processes with a descriptor open on any of `paths` (Linux: /proc/<pid>/fd). */
export function processesHolding(paths: string[]): number[] {
  const wanted = new Set(paths);
  return pids()
    .filter((pid) => {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        return false;
      }
      return fds.some((fd) => {
        try {
          return wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
        } catch {
          return false;
        }
      });
    })
    .map(Number);
}

/** Running processes other than this one whose command line contains `text` (e.g. a server left behind for the same port). */
export function processesMentioning(text: string): number[] {
  return pids()
    .filter((pid) => Number(pid) !== process.pid && procText(`/proc/${pid}/cmdline`).split('\0').join(' ').includes(text))
    .map(Number)
    .filter(isRunning);
}

/** Whether `pid` is a running process (not gone, not a zombie waiting to be reaped). */
export function isRunning(pid: number): boolean {
  const state = procText(`/proc/${pid}/stat`).split(') ')[1]?.[0];
  return state !== undefined && state !== 'Z';
}

/** Child processes of `pid` (Linux: the parent field of /proc/<pid>/stat), with their command lines. */
export function childProcesses(pid: number): { pid: number; cmdline: string }[] {
  return pids()
    .filter((p) => procText(`/proc/${p}/stat`).split(') ')[1]?.split(' ')[1] === String(pid))
    .map((p) => ({ pid: Number(p), cmdline: procText(`/proc/${p}/cmdline`).split('\0').join(' ').trim() }));
}

/**
 * Whether a child process is esbuild's service: in a checkout the bin compiles the TypeScript
 * source through tsx, which runs esbuild as a child reading its stdin; it exits when its parent
 * dies. The published package runs its build and has none.
 */
export const isCompilerService = (cmdline: string) => /\besbuild --service=/.test(cmdline);

/** Polls `check` every 20 ms until it holds or `ms` pass; resolves with the time it took, or throws with `what`. */
export async function within(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
