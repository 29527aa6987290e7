import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of a test's own (never the machine's shared one), which the test may stop and start. */
export interface OwnPostgres {
  url: string;
  /** `pg_ctl stop -m fast`: sessions are terminated (57P01), then connections are refused. Asynchronous, so the test's own server keeps serving meanwhile. */
  stop(): Promise<void>;
  start(): void;
  /** Stops the server and removes its directory. */
  destroy(): void;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

/**
 * `initdb` into a temporary directory (as the `postgres` user when run as
 * root, trust auth on loopback) and starts it on a free port, as
 * scripts/soak/pg-instance.ts does for the soak.
 */
export async function startOwnPostgres(bin: string): Promise<OwnPostgres> {
  let port = 57_000 + Math.floor(Math.random() * 500);
  while (!(await portFree(port))) port++;
  const dir = mkdtempSync(join(tmpdir(), 'twotier-own-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr || r.stdout}`);
  };
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50 -c shared_buffers=32MB`;
  const start = () => run('pg_ctl', ['-D', dir, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['-D', dir, '-m', 'fast', '-w', 'stop'];
      const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]] : [join(bin, 'pg_ctl'), args];
      execFile(cmd, argv, { cwd: dir }, (error, _out, stderr) => (error ? reject(new Error(`pg_ctl stop failed: ${stderr}`)) : resolve()));
    });
  try {
    run('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
