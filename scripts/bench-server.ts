/**
 * Tracking-server throughput over HTTP, each figure beside a baseline
 * measured in the same run:
 *
 * - click ingest (`POST /v1/track/click`, every acknowledged click durably
 *   written by group commit) against a bare `node:http` server doing the same
 *   JSON parse and 204, alternating in slices (scripts/bench/server-harness.ts)
 *   at 50 and at 200 connections; target ≥ 0.5× the bare server's req/s;
 * - order creation with commissions (`POST /v1/orders`) on SQLite (target
 *   ≥ 2,000 orders/s);
 * - the same on PostgreSQL, and click ingest on two processes behind the
 *   balancer (scripts/bench/server-postgres.ts).
 *
 * Servers run in child processes, autocannon in this one.
 *
 *   packages/server/node_modules/.bin/tsx --conditions=@twotier/source scripts/bench-server.ts
 *
 * `benchServer()` is exported for `pnpm bench`.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchPostgres, type PostgresBench } from './bench/server-postgres';
import { CHAINS, HOT_CHAINS, clickBody, clickTarget, load, orderBody, requireServer, run, setupChains, setupShop, sideBySide, startChild, stop, type LoadFigures, type SideBySide } from './bench/server-harness';

/** Click ingest beside the bare server at one connection count. */
export interface ClickFigure extends SideBySide {
  connections: number;
}

/** What {@link benchServer} measured. */
export interface ServerBench {
  clicks: ClickFigure[];
  /** Acknowledged clicks (every figure above) and rows found afterwards. */
  clicksAcked: number;
  clicksStored: number;
  ordersSqlite: LoadFigures & { stored: number };
  postgres: PostgresBench;
  durationSec: number;
  connections: number;
}

/** Measures everything; see the file comment. */
export async function benchServer(options: { durationSec?: number; connections?: number; ordersOnly?: boolean } = {}): Promise<ServerBench> {
  const durationSec = Math.min(10, options.durationSec ?? 5);
  const connections = options.connections ?? 50;
  const file = join(tmpdir(), `twotier-bench-${run}.db`);
  const Database = requireServer('better-sqlite3') as typeof import('better-sqlite3');
  const count = (sql: string, shopId: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare(sql).get(shopId) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const bareChild = await startChild(['bare']);
  const app = await startChild(['app', file]);
  try {
    const shop = await setupShop(app.url);
    await setupChains(app.url, shop.sk);
    const bare = { url: bareChild.url, path: '/v1/track/click', headers: { 'content-type': 'text/plain' }, body: clickBody('pk_bare'), pids: [bareChild.proc.pid] };
    const figures: ClickFigure[] = [];
    let touchesBefore = 0;
    if (!options.ordersOnly) {
      await load(bare, 1, connections);
      // one generator for the whole run: returning visitors are drawn from every visitor it has sent
      const appClicks = clickTarget(app.url, shop.pk, [app.proc.pid]);
      await load(appClicks, 1, connections);
      touchesBefore = count('select count(*) as n from touches where shop_id = ?', shop.id);
      for (const c of [connections, 200]) figures.push({ connections: c, ...(await sideBySide(bare, appClicks, 5, 3, c)) });
    }
    await stop(bareChild.proc);

    const orders = { url: app.url, path: '/v1/orders', headers: { 'content-type': 'application/json', ...shop.sk }, pids: [app.proc.pid] };
    await load({ ...orders, body: orderBody('warm') }, 1, connections);
    const ordersBefore = count('select count(*) as n from orders where shop_id = ?', shop.id);
    const ordersSqlite = await load({ ...orders, body: orderBody('sqlite') }, durationSec, connections);
    await stop(app.proc);
    const clicksStored = options.ordersOnly ? 0 : count('select count(*) as n from touches where shop_id = ?', shop.id) - touchesBefore;
    const ordersStored = count('select count(*) as n from orders where shop_id = ?', shop.id) - ordersBefore;

    const postgres = await benchPostgres(durationSec, connections, { ordersOnly: options.ordersOnly });
    return {
      clicks: figures,
      clicksAcked: figures.reduce((s, f) => s + f.candidate.ok, 0),
      clicksStored,
      ordersSqlite: { ...ordersSqlite, stored: ordersStored },
      postgres,
      durationSec,
      connections,
    };
  } finally {
    await stop(bareChild.proc);
    await stop(app.proc);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Markdown lines for `pnpm bench`. */
export function formatServerBench(r: ServerBench): string[] {
  const row = (name: string, f: LoadFigures & { stored?: number }) =>
    `| ${name} | ${fmt(f.reqPerSec)} | ${fmt(f.perCpuSec)} | ${fmt(f.p99Ms)} | ${fmt(f.ok)} | ${f.stored === undefined ? '—' : fmt(f.stored)} | ${fmt(f.errors)} |`;
  const pg = r.postgres;
  const pgRow = (name: string, f: (LoadFigures & { stored: number }) | null) => (f ? row(name, f) : `| ${name} | not measured: ${pg.missing ?? (pg.orders ? 'not in this run' : 'PostgreSQL unreachable')} | | | | | |`);
  const target = r.clicks.find((f) => f.connections === 200) ?? r.clicks[0];
  const sqliteClicks = r.clicks.find((f) => f.connections === r.connections)?.candidate;
  return [
    `Servers in child processes on 127.0.0.1, autocannon in the parent. Click ingest alternates the bare server and twotier in ${target?.rounds ?? 0} slices of ${target?.sliceSec ?? 0} s each at each connection count (so a slow spell of the machine falls on both); the ratio is the median of the slices' ratios. Every click has a new event id; 3 in 4 come from a new visitor and 1 in 4 from a returning one drawn from every visitor sent so far; ids are made as the widget makes them (time first, then random). twotier runs as \`twotier serve\` does (on a server thread with 64 MB semi-spaces, its request log on, here written to a file), with rate limits off since one client IP sends everything. Orders: ${r.connections} connections, ${r.durationSec} s; they look like real traffic: each through one of ${fmt(CHAINS)} two-level distributor chains (half of them through ${HOT_CHAINS} hot chains, the rest spread evenly), 1–5 lines, and a customer id and email (4 in 5 new customers, 1 in 5 returning ones).`,
    '',
    '| measurement | req/s | 2xx per server CPU-second | p99 ms | 2xx | rows stored | errors + non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.clicks.flatMap((f) => [
      row(`baseline: bare node:http, JSON.parse + 204, ${f.connections} connections`, f.baseline),
      row(`POST /v1/track/click, SQLite, group commit, ${f.connections} connections`, f.candidate),
    ]),
    row(`POST /v1/orders with commissions, SQLite, ${r.connections} connections`, r.ordersSqlite),
    pgRow('POST /v1/track/click, PostgreSQL, one server process', pg.clicks),
    pgRow('POST /v1/track/click, PostgreSQL, two server processes behind nginx (CPU of both)', pg.clicksTwo),
    pgRow('POST /v1/orders with commissions, PostgreSQL', pg.orders),
    '',
    ...r.clicks.map(
      (f) =>
        `Click ingest ÷ bare server at ${f.connections} connections: **${fmt(f.ratio, 2)}×** (slices ${f.ratios.map((r) => fmt(r, 2)).join(', ')}; per server CPU-second: ${fmt(f.cpuRatio, 2)}×).`,
    ),
    ...(target
      ? [
          `Target ≥ 0.5× (at 200 connections, where group commit has concurrent requests to batch): ${target.ratio >= 0.5 ? 'met' : 'NOT met'} (${fmt(target.ratio, 3)}×). Every acknowledged click stored: ${r.clicksStored >= r.clicksAcked ? 'yes' : 'NO'} (${fmt(r.clicksAcked)} acknowledged, ${fmt(r.clicksStored)} rows).`,
        ]
      : ['Click ingest on SQLite: not measured in this run.']),
    ...(
      [
        ['PostgreSQL, one process', pg.clicks],
        ['PostgreSQL, two processes', pg.clicksTwo],
      ] as const
    ).map(([name, f]) =>
      f && r.clicks[0]
        ? `Click ingest on ${name} ÷ the bare server at ${r.connections} connections: **${fmt(f.reqPerSec / r.clicks[0]!.baseline.reqPerSec, 2)}×**; every acknowledged click stored: ${f.stored >= f.ok ? 'yes' : 'NO'}.`
        : `Click ingest on ${name}: not measured: ${pg.missing ?? (pg.orders ? 'not in this run' : 'PostgreSQL unreachable')}.`,
    ),
    `Orders on SQLite: **${fmt(r.ordersSqlite.reqPerSec)}/s** (target ≥ 2,000/s: ${r.ordersSqlite.reqPerSec >= 2000 ? 'met' : 'NOT met'}; ${fmt(r.ordersSqlite.perCpuSec)} per server CPU-second)${pg.orders ? `; on PostgreSQL: **${fmt(pg.orders.reqPerSec)}/s** (${fmt(pg.orders.reqPerSec / r.ordersSqlite.reqPerSec, 2)}× SQLite)` : ''}.`,
    pg.pgbenchTps !== null
      ? `Baseline: \`pgbench -c 50 -j 2 -T 10\` (TPC-B, scale 1, on a scratch database of the same PostgreSQL, just before the orders): ${fmt(pg.pgbenchTps)} transactions/s.`
      : `Baseline pgbench: ${pg.pgbenchMissing ?? 'not run'}.`,
    pg.orders && pg.pgbenchTps !== null
      ? `PostgreSQL orders/s ÷ pgbench TPC-B transactions/s: **${fmt(pg.orders.reqPerSec / pg.pgbenchTps, 2)}×** (target ≥ 0.5×: ${pg.orders.reqPerSec / pg.pgbenchTps >= 0.5 ? 'met' : 'NOT met'}).`
      : 'PostgreSQL orders/s ÷ pgbench: not measured.',
    pg.clicks && sqliteClicks
      ? `PostgreSQL click ingest (one process) ÷ SQLite click ingest at ${r.connections} connections: **${fmt(pg.clicks.reqPerSec / sqliteClicks.reqPerSec, 2)}×** (target ≥ 0.6×: ${pg.clicks.reqPerSec / sqliteClicks.reqPerSec >= 0.6 ? 'met' : 'NOT met'}).`
      : 'PostgreSQL click ingest ÷ SQLite: not measured in this run.',
    `Deadlocks PostgreSQL detected (and the server retried) during the orders run: ${pg.ordersDeadlocks === null ? 'not measured' : fmt(pg.ordersDeadlocks)}${pg.orders && pg.ordersDeadlocks !== null ? ` (${fmt((pg.ordersDeadlocks / Math.max(1, pg.orders.ok)) * 100, 2)}% of orders)` : ''}.`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --orders: only the orders (SQLite, PostgreSQL and the pgbench baseline), for quick A/B runs
  const r = await benchServer({ ordersOnly: process.argv.includes('--orders') });
  console.log(formatServerBench(r).join('\n'));
}
