import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../bin/twotier.mjs', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

/** A `twotier serve` child process. */
export interface ChildServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote (its JSON log lines). */
  output(): string;
  /** Resident set size now, bytes (Linux `/proc`). */
  rss(): number;
  /** SIGTERM and wait for the exit (graceful stop). */
  stop(): Promise<void>;
  /** SIGKILL: no goodbye. */
  kill(): Promise<void>;
}

/**
 * Starts `twotier serve` as a child process on a free port of 127.0.0.1 and
 * waits for the line saying where it listens. The process is the server
 * itself (no wrapper), so its pid can be killed and measured.
 */
export async function startChildServer(env: Record<string, string>, args: string[] = [], timeoutMs = 60_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--conditions=@twotier/source', '--import', tsx, cli, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, TWOTIER_CLI_CHILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out.slice(-2000)}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    child,
    output: () => out,
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
