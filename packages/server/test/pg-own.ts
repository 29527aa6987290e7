import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * PostgreSQL clusters of a test's (or the soak's) own, never the machine's
 * shared one, so they may be stopped and started: the binaries, a free port,
 * and the tools run as the `postgres` user when run as root. The replica
 * test (pg-replica.ts), the outage test and `pnpm soak` start theirs here.
 */

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_basebackup, or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_basebackup'))) : [];
  const v = versions.sort((a, b) => Number(b) - Number(a))[0];
  return v ? join(root, v, 'bin') : null;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

/** The first free loopback port from `from`. */
export async function freePort(from: number): Promise<number> {
  let port = from;
  while (!(await portFree(port))) port++;
  return port;
}

/** A temporary directory the PostgreSQL tools may write (owned by `postgres` when run as root), and a way to run them in it. */
export function postgresTools(bin: string, prefix: string): { dir: string; run(tool: string, args: string[]): void; command(tool: string, args: string[]): [string, string[]] } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const command = (tool: string, args: string[]): [string, string[]] => (asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]);
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = command(tool, args);
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr || r.stdout}`);
  };
  return { dir, run, command };
}

/** A cluster of one's own. */
export interface OwnPostgres {
  url: string;
  port: number;
  dataDir: string;
  /** `pg_ctl stop -m fast`: sessions are terminated (57P01), then connections are refused. Asynchronous, so a server in this process keeps serving meanwhile. */
  stop(): Promise<void>;
  start(): void;
  /** Stops the server and removes its directory. */
  destroy(): void;
}

/** What {@link startOwnPostgres} may be told. */
export interface OwnPostgresOptions {
  /** Where to look for a free port (default: a random one from 57,000). */
  firstPort?: number;
  /** fsync on (the soak, which measures real commits) or off (tests; the default). */
  fsync?: boolean;
  maxConnections?: number;
}

/** `initdb` into a temporary directory (trust auth on loopback) and starts it on a free port. */
export async function startOwnPostgres(bin: string, options: OwnPostgresOptions = {}): Promise<OwnPostgres> {
  const port = await freePort(options.firstPort ?? 57_000 + Math.floor(Math.random() * 500));
  const { dir, run, command } = postgresTools(bin, 'twotier-own-pg-');
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync ? 'on' : 'off'} -c max_connections=${options.maxConnections ?? 50} -c shared_buffers=32MB`;
  const start = () => run('pg_ctl', ['-D', dir, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = command('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
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
    port,
    dataDir: dir,
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
