import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server of the soak's own, in a temporary directory, so restarting it disturbs nobody. */
export interface OwnPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): void;
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

/** The newest `/usr/lib/postgresql/<version>/bin`. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const v = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!v) throw new Error(`no PostgreSQL binaries under ${root}/*/bin (apt-get install -y postgresql)`);
  return join(root, v, 'bin');
}

/**
 * `initdb` into a temporary directory as the `postgres` user (trust auth on
 * loopback) and starts it on the first free port from `firstPort`.
 */
export async function startOwnPostgres(firstPort = 55432): Promise<OwnPostgres> {
  const bin = binDir();
  let port = firstPort;
  while (!(await portFree(port))) port++;
  const dataDir = mkdtempSync(join(tmpdir(), 'twotier-soak-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dataDir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const cmd = asPostgres ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] as const : [join(bin, tool), args] as const;
    const r = spawnSync(cmd[0], [...cmd[1]], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const opts = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-o', opts, '-l', join(dataDir, 'server.log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
