import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server of the soak's own, on its own port, so restarting it disturbs nobody else's Redis. */
export interface OwnRedis {
  url: string;
  port: number;
  /** SHUTDOWN NOSAVE by SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

const REDIS = process.env.TWOTIER_REDIS_SERVER ?? '/usr/bin/redis-server';

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** Starts redis-server (no persistence) on the first free port from `firstPort`, as a child of this process. */
export async function startOwnRedis(firstPort = 56379): Promise<OwnRedis> {
  if (!existsSync(REDIS)) throw new Error(`no redis-server at ${REDIS} (apt-get install -y redis-server)`);
  let port = firstPort;
  while (await answers(port)) port++;
  const dir = mkdtempSync(join(tmpdir(), 'twotier-soak-redis-'));
  let child: ChildProcess | null = null;
  const orphanGuard = () => child?.kill('SIGKILL');
  process.on('exit', orphanGuard);
  const start = async () => {
    child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await answers(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      process.off('exit', orphanGuard);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
