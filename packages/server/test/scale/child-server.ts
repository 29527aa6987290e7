import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TWOTIER_BIN } from '../serve-bin';

/** A `twotier serve` child process. */
export interface ChildServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last megabyte the process logged (its JSON lines), while it runs. */
  output(): string;
  /** Resident set size now, bytes (Linux `/proc`). */
  rss(): number;
  /** SIGTERM and wait for the exit (graceful stop). */
  stop(): Promise<void>;
  /** SIGKILL: no goodbye. */
  kill(): Promise<void>;
}

/**
 * Starts `twotier serve` (the bin, as an operator runs it; in a checkout it
 * runs the source) as a child process on a free port of 127.0.0.1 and waits
 * for the line saying where it listens. The process is the server itself,
 * its server thread inside it, so its pid is the one a supervisor would
 * kill, and its memory is the server's.
 */
export async function startChildServer(env: Record<string, string>, args: string[] = [], timeoutMs = 60_000): Promise<ChildServer> {
  // the log goes to a file, as in production: a busy reader of a pipe would slow the server down
  const logFile = join(mkdtempSync(join(tmpdir(), 'twotier-child-')), 'server.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [TWOTIER_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const output = () => {
    const size = statSync(logFile).size;
    const from = Math.max(0, size - 1_000_000);
    const buf = Buffer.alloc(size - from);
    const h = openSync(logFile, 'r');
    try {
      readSync(h, buf, 0, buf.length, from);
    } finally {
      closeSync(h);
    }
    return buf.toString();
  };
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  let exitCode: number | null | undefined;
  let lastOutput = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      lastOutput = output();
      exitCode = code;
      process.removeListener('exit', orphanGuard);
      rmSync(dirname(logFile), { recursive: true, force: true });
      resolve();
    }),
  );
  const deadline = Date.now() + timeoutMs;
  let url: string | null = null;
  while (!url) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before listening:\n${lastOutput.slice(-2000)}`);
    const m = /"url":"(http:\/\/[^"]+)"/.exec(output());
    if (m) url = m[1]!.replace('localhost', '127.0.0.1');
    else if (Date.now() > deadline) throw new Error(`server did not start within ${timeoutMs} ms:\n${output().slice(-2000)}`);
    else await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    child,
    output: () => (exitCode === undefined ? output() : ''),
    rss: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
