import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { OPERATOR, PG_URL, postgresFactory, postgresReachable, type DbFactory } from './harness';
import { nginxAvailable, startNginx, type RunningNginx } from './scale/nginx';
import { expectSingleServerResults, runLedgerScenario, type Send } from './scale/scenario';
import { childProcesses, freePort, isCompilerService, isRunning, killStartedServers, listensOn, startServe, within, type ServeProcess } from './serve-bin';

// `twotier serve --workers N`: N processes sharing one port (node:cluster) on PostgreSQL. The PID
// started is the one to signal; nothing of it may outlive a kill -9 of that PID.

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: --workers tests SKIPPED !!!\n`);
const haveNginx = nginxAvailable('`twotier serve --workers 2` behind nginx');
const factories: DbFactory[] = [];
const nginxes: RunningNginx[] = [];
afterAll(async () => {
  for (const n of nginxes) await n.close();
  killStartedServers();
  for (const f of factories) await f.cleanup();
});

/** The worker processes of a `serve --workers` primary (not tsx's esbuild service). */
const workersOf = (primary: number) => childProcesses(primary).filter((c) => !isCompilerService(c.cmdline) && c.cmdline.includes('twotier.mjs serve'));
/** Every process under `pid`, at any depth. */
const descendants = (pid: number): number[] => childProcesses(pid).flatMap((c) => [c.pid, ...descendants(c.pid)]);

async function pgConnections(applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = $1', [applicationName]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** A migrated PostgreSQL schema and `serve --workers 2` on it, on a free port. */
async function startWorkers(env: Record<string, string> = {}): Promise<{ serve: ServeProcess; port: number; marker: string }> {
  const factory = postgresFactory();
  factories.push(factory);
  await (await factory.open()).close(); // migrated once, before the workers start
  const marker = `twotier_workers_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const serve = await startServe(['--port', String(port), '--workers', '2'], { DATABASE_URL: `${factory.url}&application_name=${marker}`, TWOTIER_OPERATOR_TOKEN: OPERATOR, ...env });
  await within(30_000, 'two workers running', () => workersOf(serve.pid).length === 2);
  await within(30_000, 'both workers listening', () => (serve.output().match(/twotier listening on/g)?.length ?? 0) >= 2);
  return { serve, port, marker };
}

describe('twotier serve --workers', () => {
  test('on SQLite it refuses, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twotier-workers-'));
    try {
      await expect(startServe(['--port', '0', '--workers', '2', '--db', join(dir, 'x.db')], { DATABASE_URL: '' }, 30_000)).rejects.toThrow(/exited \(1\) before listening:[\s\S]*--workers needs PostgreSQL[\s\S]*one writer at a time/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a value that is not a number of processes is refused', async () => {
    await expect(startServe(['--port', '0', '--workers', 'many'], { DATABASE_URL: 'postgres://nowhere/x' }, 30_000)).rejects.toThrow(/--workers must be a whole number from 1 to 64, got many/);
  }, 60_000);
});

describe.skipIf((!reachable && !process.env.CI) || process.platform !== 'linux')('twotier serve --workers 2 on PostgreSQL', () => {
  test.skipIf(!haveNginx)('behind nginx it gives the results of one server; a killed worker is replaced; kill -9 of the PID started leaves nothing running within 2 s', async () => {
    const { serve, port, marker } = await startWorkers({ TWOTIER_TRUST_PROXY: '1' });
    const first = workersOf(serve.pid);
    // each worker runs with the young generation a single serve gives its server thread
    for (const w of first) expect(w.cmdline).toContain('--max-semi-space-size=64');
    const nginx = await startNginx([serve.url]);
    nginxes.push(nginx);

    const send: Send = async (_target, method, path, auth, body) => {
      const res = await fetch(`${nginx.url}${path}`, {
        method,
        headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    expectSingleServerResults(await runLedgerScenario(send, 2, OPERATOR));

    // a worker dies: another takes its place, and the port answers from both
    process.kill(first[0]!.pid, 'SIGKILL');
    const replaced = await within(30_000, 'a new worker in place of the killed one', () => {
      const now = workersOf(serve.pid).map((w) => w.pid);
      return now.length === 2 && !now.includes(first[0]!.pid) && now.includes(first[1]!.pid);
    });
    console.info(`a killed worker was replaced within ${replaced} ms`);
    expect(serve.output()).toMatch(/worker \d+ died \(SIGKILL\); starting another in 0 ms/);
    const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${serve.url}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status)));
    expect(statuses).toEqual(Array(10).fill(200));

    // kill -9 of the primary: every worker notices its IPC channel close and exits
    const everything = descendants(serve.pid);
    expect(everything.length).toBeGreaterThanOrEqual(2);
    expect(await pgConnections(marker)).toBeGreaterThan(0);
    process.kill(serve.pid, 'SIGKILL');
    const ms = await within(2000, 'every worker gone and the port free', () => !listensOn(port) && !everything.some(isRunning));
    console.info(`everything of serve --workers 2 gone ${ms} ms after SIGKILL of its PID`);
    expect(await serve.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    await within(5000, 'no PostgreSQL connection left', async () => (await pgConnections(marker)) === 0);
  }, 180_000);

  test('SIGTERM to the PID started stops every worker gracefully, exit code 0', async () => {
    const { serve, port } = await startWorkers();
    const workers = workersOf(serve.pid).map((w) => w.pid);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    process.kill(serve.pid, 'SIGTERM');
    expect(await serve.exited()).toEqual({ code: 0, signal: null });
    expect(workers.some(isRunning)).toBe(false);
    expect(listensOn(port)).toBe(false);
    // each worker stopped as a single serve does (its last lines may reach the pipe just after the exit)
    await within(2000, 'both workers saying they stopped', () => serve.output().match(/"msg":"stopped"/g)?.length === 2);
    expect(serve.output()).toMatch(/worker \d+ stopped \(code 0\)[\s\S]*worker \d+ stopped \(code 0\)/);
  }, 120_000);
});
