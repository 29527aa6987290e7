/**
 * The PostgreSQL figures of `pnpm bench`: orders with commissions, click
 * ingest on one server process, and on two behind the round-robin balancer,
 * each in a schema of its own, dropped afterwards. Without PostgreSQL the
 * result says why instead of failing.
 */
import type { ChildProcess } from 'node:child_process';
import { ORIGIN, clickBody, load, orderBody, requireServer, run, setupShop, startChild, stop, type LoadFigures } from './server-harness';

const PG_URL = process.env.TWOTIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Stored = LoadFigures & { stored: number };

/** What {@link benchPostgres} measured, or why not. */
export interface PostgresBench {
  orders: Stored | null;
  /** Click ingest, one server process. */
  clicks: Stored | null;
  /** Click ingest, two server processes behind the balancer; CPU summed over both. */
  clicksTwo: Stored | null;
  missing: string | null;
}

export async function benchPostgres(durationSec: number, connections: number): Promise<PostgresBench> {
  const out: PostgresBench = { orders: null, clicks: null, clicksTwo: null, missing: null };
  const pg = requireServer('pg') as typeof import('pg').default;
  const schema = `twotier_bench_${run}`;
  const pgUrl = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1000 });
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
    const target = { url, path: '/v1/track/click', headers: { 'content-type': 'text/plain', origin: ORIGIN }, pids: servers.map((p) => p.pid) };
    const body = clickBody(s.pk);
    await load({ ...target, body }, 1, connections);
    const before = await rows('touches', s.id);
    const r = await load({ ...target, body }, durationSec, connections);
    for (const p of [...stopFirst, ...servers]) await stop(p);
    return { ...r, stored: (await rows('touches', s.id)) - before };
  };
  let connected = false;
  try {
    await admin.connect();
    connected = true;
    await admin.query(`create schema ${schema}`);
    const app = await child(['app', pgUrl]);
    const shop = await setupShop(app.url);
    const target = { url: app.url, path: '/v1/orders', headers: { 'content-type': 'application/json', ...shop.sk }, pids: [app.proc.pid] };
    await load({ ...target, body: orderBody('pgwarm') }, 1, connections);
    const before = await rows('orders', shop.id);
    const r = await load({ ...target, body: orderBody('pg') }, durationSec, connections);
    await stop(app.proc);
    out.orders = { ...r, stored: (await rows('orders', shop.id)) - before };

    const one = await child(['app', pgUrl]);
    out.clicks = await clicks(one.url, [one.proc]);

    // started one after the other: the schema is already migrated by then
    const a = await child(['app', pgUrl, 'behind-lb']);
    const b = await child(['app', pgUrl, 'behind-lb']);
    const lb = await child(['lb', a.url, b.url]);
    out.clicksTwo = await clicks(lb.url, [a.proc, b.proc], [lb.proc]);
  } catch (error) {
    out.missing = connected ? `failed: ${(error as Error).message}` : 'PostgreSQL unreachable';
    console.warn(`PostgreSQL figures not measured: ${out.missing}`);
  } finally {
    for (const p of procs) await stop(p);
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
  return out;
}
