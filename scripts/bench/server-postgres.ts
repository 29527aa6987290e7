/**
 * The PostgreSQL figures of `pnpm bench`: orders with commissions, click
 * ingest on one server process, and on two behind nginx (docs/self-hosting.md's configuration),
 * each in a schema of its own in a scratch database of the run (so the
 * deadlocks counted are this run's alone), dropped afterwards. Without PostgreSQL the
 * result says why instead of failing.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { startNginx } from '../../packages/server/test/scale/nginx';
import { clickTarget, load, orderBody, requireServer, run, setupChains, setupShop, startChild, stop, type LoadFigures } from './server-harness';

const PG_URL = process.env.TWOTIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Stored = LoadFigures & { stored: number };

/** What {@link benchPostgres} measured, or why not. */
export interface PostgresBench {
  orders: Stored | null;
  /** Click ingest, one server process. */
  clicks: Stored | null;
  /** Click ingest, two server processes behind nginx; CPU summed over both. */
  clicksTwo: Stored | null;
  /** Deadlocks PostgreSQL detected in the database during the orders run (pg_stat_database; each one a transaction retried). */
  ordersDeadlocks: number | null;
  /** `pgbench -c 50 -j 2 -T 10` TPC-B transactions/s on a scratch database of the same server, run just before the orders. */
  pgbenchTps: number | null;
  pgbenchMissing: string | null;
  missing: string | null;
}

/** TPC-B on a scratch database made for it and dropped afterwards; tps, or why not. */
function pgbench(admin: string): { tps: number | null; missing: string | null } {
  const url = new URL(admin);
  const scratch = `twotier_pgbench_${run}`;
  const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username || 'postgres'), PGPASSWORD: decodeURIComponent(url.password) };
  const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  try {
    sh('createdb', [scratch]);
  } catch (error) {
    return { tps: null, missing: `pgbench not run: ${(error as Error).message.split('\n')[0]}` };
  }
  try {
    sh('pgbench', ['-i', '-q', scratch]);
    const out = sh('pgbench', ['-c', '50', '-j', '2', '-T', '10', scratch]);
    const m = /tps = ([\d.]+)/.exec(out);
    return m ? { tps: Number(m[1]), missing: null } : { tps: null, missing: 'pgbench printed no tps' };
  } catch (error) {
    return { tps: null, missing: `pgbench failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    try {
      sh('dropdb', ['--if-exists', scratch]);
    } catch {
      // left behind: named twotier_pgbench_<run>
    }
  }
}

export async function benchPostgres(durationSec: number, connections: number, options: { ordersOnly?: boolean } = {}): Promise<PostgresBench> {
  const out: PostgresBench = { orders: null, clicks: null, clicksTwo: null, ordersDeadlocks: null, pgbenchTps: null, pgbenchMissing: null, missing: null };
  const pg = requireServer('pg') as typeof import('pg').default;
  const schema = `twotier_bench_${run}`;
  const database = `twotier_bench_${run}`;
  const benchUrl = new URL(PG_URL);
  benchUrl.pathname = `/${database}`;
  const pgUrl = `${benchUrl.href}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const server = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1000 });
  const admin = new pg.Client({ connectionString: benchUrl.href, connectionTimeoutMillis: 1000 });
  const rows = async (table: string, shopId: string) => Number((await admin.query(`select count(*) as n from ${schema}.${table} where shop_id = $1`, [shopId])).rows[0].n);
  const procs: ChildProcess[] = [];
  const child = async (args: string[]) => {
    const c = await startChild(args);
    procs.push(c.proc);
    return c;
  };
  /** Warms up, then measures clicks through `url`, counting the rows once `servers` have stopped. */
  const clicks = async (url: string, servers: ChildProcess[], stopFirst: ChildProcess[] = []): Promise<Stored> => {
    const s = await setupShop(url);
    const target = clickTarget(url, s.pk, servers.map((p) => p.pid));
    await load(target, 1, connections);
    const before = await rows('touches', s.id);
    const r = await load(target, durationSec, connections);
    for (const p of [...stopFirst, ...servers]) await stop(p);
    return { ...r, stored: (await rows('touches', s.id)) - before };
  };
  let connected = false;
  try {
    await server.connect();
    connected = true;
    await server.query(`create database ${database}`);
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const app = await child(['app', pgUrl]);
    const shop = await setupShop(app.url);
    await setupChains(app.url, shop.sk);
    const target = { url: app.url, path: '/v1/orders', headers: { 'content-type': 'application/json', ...shop.sk }, pids: [app.proc.pid] };
    await load({ ...target, body: orderBody('pgwarm') }, 1, connections);
    const bench = pgbench(PG_URL);
    out.pgbenchTps = bench.tps;
    out.pgbenchMissing = bench.missing;
    const deadlocks = async () => {
      // statistics reach pg_stat_database within a second of the transaction; a fresh snapshot reads them
      await new Promise((r) => setTimeout(r, 1500));
      await admin.query('select pg_stat_clear_snapshot()');
      return Number((await admin.query('select deadlocks from pg_stat_database where datname = current_database()')).rows[0].deadlocks);
    };
    const before = await rows('orders', shop.id);
    const deadlocksBefore = await deadlocks();
    const r = await load({ ...target, body: orderBody('pg') }, durationSec, connections);
    await stop(app.proc);
    out.orders = { ...r, stored: (await rows('orders', shop.id)) - before };
    out.ordersDeadlocks = (await deadlocks()) - deadlocksBefore;
    if (options.ordersOnly) return out;

    const one = await child(['app', pgUrl]);
    out.clicks = await clicks(one.url, [one.proc]);

    // started one after the other: the schema is already migrated by then
    const a = await child(['app', pgUrl, 'behind-nginx']);
    const b = await child(['app', pgUrl, 'behind-nginx']);
    const nginx = await startNginx([a.url, b.url]);
    try {
      out.clicksTwo = await clicks(nginx.url, [a.proc, b.proc], [nginx.child]);
    } finally {
      await nginx.close();
    }
  } catch (error) {
    out.missing = connected ? `failed: ${(error as Error).message}` : 'PostgreSQL unreachable';
    console.warn(`PostgreSQL figures not measured: ${out.missing}`);
  } finally {
    for (const p of procs) await stop(p);
    await admin.end().catch(() => undefined);
    await server.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await server.end().catch(() => undefined);
  }
  return out;
}
