/**
 * Tracking-server throughput over HTTP, each figure beside a baseline
 * measured in the same run:
 *
 * - click ingest (`POST /v1/track/click`, every acknowledged click durably
 *   written by group commit) against a bare `node:http` server doing the same
 *   JSON parse and 204; target ≥ 0.5× the bare server's req/s;
 * - the same click ingest on PostgreSQL, with one server process and with two
 *   on one schema behind the round-robin balancer (`startRoundRobinProxy`);
 * - order creation with commissions (`POST /v1/orders`) on SQLite (target
 *   ≥ 2,000 orders/s) and on PostgreSQL.
 *
 * Servers run in child processes (this file with `--child`), autocannon in
 * this one; the balancer in a child of its own. Each measurement lasts at most
 * 10 s. Without PostgreSQL its rows say so instead of failing.
 *
 *   packages/server/node_modules/.bin/tsx --conditions=@twotier/source scripts/bench-server.ts
 *
 * `benchServer()` is exported for `pnpm bench`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const serverDir = join(root, 'packages/server');
const requireServer = createRequire(join(serverDir, 'package.json'));
const OPERATOR = 'bench-operator-token';
const ORIGIN = 'https://shop.example';
const PG_URL = process.env.TWOTIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One autocannon run. */
export interface LoadFigures {
  reqPerSec: number;
  /** 2xx answers per CPU second the server process used (fair on a shared, busy machine). */
  perCpuSec: number;
  p99Ms: number;
  ok: number;
  errors: number;
}

/** What {@link benchServer} measured. */
export interface ServerBench {
  bare: LoadFigures;
  clicks: LoadFigures & { stored: number };
  clickRatio: number;
  /** The same ratio per server CPU second. */
  clickCpuRatio: number;
  ordersSqlite: LoadFigures & { stored: number };
  ordersPostgres: (LoadFigures & { stored: number }) | null;
  /** Click ingest on PostgreSQL, one server process. */
  clicksPostgres: (LoadFigures & { stored: number }) | null;
  /** Click ingest on PostgreSQL, two server processes behind the balancer; CPU summed over both. */
  clicksPostgresTwo: (LoadFigures & { stored: number }) | null;
  /** Why the PostgreSQL figures are missing, when they are. */
  postgresMissing: string | null;
  durationSec: number;
  connections: number;
}

// ---- child process: the bare server or the app --------------------------------------------
if (process.argv[2] === '--child') {
  const kind = process.argv[3];
  if (kind === 'bare') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as { port: number };
      process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${a.port}` })}\n`);
    });
  } else if (kind === 'lb') {
    const { startRoundRobinProxy } = (await import(pathToFileURL(join(serverDir, 'src/lb/index.ts')).href)) as typeof import('../packages/server/src/lb');
    const lb = await startRoundRobinProxy({ upstreams: process.argv.slice(4), port: 0, hostname: '127.0.0.1' });
    process.stdout.write(`${JSON.stringify({ url: lb.url })}\n`);
  } else {
    const { startServer } = (await import(pathToFileURL(join(serverDir, 'src/node.ts')).href)) as typeof import('../packages/server/src/node');
    const pino = requireServer('pino') as typeof import('pino').default;
    const server = await startServer({
      databaseUrl: process.argv[4]!,
      port: 0,
      hostname: '127.0.0.1',
      rateLimiter: false,
      operatorToken: OPERATOR,
      settleEveryMs: 0,
      trustProxy: process.argv[5] === 'behind-lb',
      logger: pino({ level: 'silent' }),
    });
    process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  }
}

// ---- parent -------------------------------------------------------------------------------
function startChild(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...profile, '--conditions=@twotier/source', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...args], {
    cwd: serverDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ proc, url: (JSON.parse(line) as { url: string }).url });
    });
    proc.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const stop = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });

async function json(url: string, path: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** CPU seconds (user + system) the processes have used so far, from /proc (Linux); 0 elsewhere. */
function cpuSeconds(pids: (number | undefined)[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not running or not Linux
    }
  }
  return sum;
}

/** Runs autocannon for `durationSec` with a fresh body per request. */
async function load(url: string, path: string, headers: Record<string, string>, body: (n: number) => unknown, durationSec: number, connections: number, pid?: number | (number | undefined)[]): Promise<LoadFigures> {
  const pids = Array.isArray(pid) ? pid : [pid];
  const cpuBefore = cpuSeconds(pids);
  const autocannon = requireServer('autocannon') as typeof import('autocannon');
  let n = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    method: 'POST',
    connections,
    duration: durationSec,
    headers,
    requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify(body(n++)) }) }],
  });
  const cpu = cpuSeconds(pids) - cpuBefore;
  return { reqPerSec: result.requests.mean, perCpuSec: cpu > 0 ? result['2xx'] / cpu : 0, p99Ms: result.latency.p99, ok: result['2xx'], errors: result.errors + result.non2xx };
}

async function setupShop(url: string) {
  const shop = await json(url, '/v1/shops', { name: 'Bench', currency: 'CNY', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` });
  const sk = { authorization: `Bearer ${shop.secretKey}` };
  const parent = await json(url, '/v1/distributors', { name: 'Parent', code: 'parent' }, sk);
  await json(url, '/v1/distributors', { name: 'Child', code: 'child', parentCode: parent.code }, sk);
  return { id: shop.id as string, pk: shop.publishableKey as string, sk };
}

const run = randomBytes(4).toString('hex');
const orderBody = (prefix: string) => (n: number) => ({
  id: `${prefix}-${run}-${n}`,
  currency: 'CNY',
  referralCode: 'child',
  items: [
    { sku: 'tea-longjing', category: 'tea', quantity: 2, unitPrice: 12_800 },
    { sku: 'cup', category: 'ware', quantity: 1, unitPrice: 3_900 },
  ],
});

/** Measures everything; see the file comment. */
export async function benchServer(options: { durationSec?: number; connections?: number } = {}): Promise<ServerBench> {
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
  try {
    const clickBody = (pk: string) => (n: number) => ({ key: pk, code: 'child', visitorId: `visitor_${run}_${n % 5000}`, eventId: `event_${run}_${n}`, url: 'https://shop.example/tea' });

    const bareChild = await startChild(['bare']);
    await load(bareChild.url, '/v1/track/click', { 'content-type': 'text/plain' }, clickBody('pk_warmup'), 1, connections);
    const bare = await load(bareChild.url, '/v1/track/click', { 'content-type': 'text/plain' }, clickBody('pk_bare'), durationSec, connections, bareChild.proc.pid);
    await stop(bareChild.proc);

    const app = await startChild(['app', file]);
    const shop = await setupShop(app.url);
    await load(app.url, '/v1/track/click', { 'content-type': 'text/plain', origin: ORIGIN }, (n) => clickBody(shop.pk)(n + 10_000_000), 1, connections);
    const warmClicks = count('select count(*) as n from touches where shop_id = ?', shop.id);
    const clicks = await load(app.url, '/v1/track/click', { 'content-type': 'text/plain', origin: ORIGIN }, clickBody(shop.pk), durationSec, connections, app.proc.pid);
    await load(app.url, '/v1/orders', { 'content-type': 'application/json', ...shop.sk }, orderBody('warm'), 1, connections);
    const warmOrders = count('select count(*) as n from orders where shop_id = ?', shop.id);
    const orders = await load(app.url, '/v1/orders', { 'content-type': 'application/json', ...shop.sk }, orderBody('sqlite'), durationSec, connections, app.proc.pid);
    await stop(app.proc);
    const storedClicks = count('select count(*) as n from touches where shop_id = ?', shop.id) - warmClicks;
    const storedOrders = count('select count(*) as n from orders where shop_id = ?', shop.id) - warmOrders;

    let ordersPostgres: ServerBench['ordersPostgres'] = null;
    let clicksPostgres: ServerBench['clicksPostgres'] = null;
    let clicksPostgresTwo: ServerBench['clicksPostgresTwo'] = null;
    let postgresMissing: string | null = null;
    const pg = requireServer('pg') as typeof import('pg').default;
    const schema = `twotier_bench_${run}`;
    const pgUrl = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1000 });
    const rows = async (table: string, shopId: string) => Number((await admin.query(`select count(*) as n from ${schema}.${table} where shop_id = $1`, [shopId])).rows[0].n);
    /** Warms up, then measures clicks through `url`, counting the rows once `procs` have stopped. */
    const pgClicks = async (url: string, procs: ChildProcess[], stopFirst: ChildProcess[] = []) => {
      const s = await setupShop(url);
      await load(url, '/v1/track/click', { 'content-type': 'text/plain', origin: ORIGIN }, (n) => clickBody(s.pk)(n + 10_000_000), 1, connections);
      const before = await rows('touches', s.id);
      const r = await load(url, '/v1/track/click', { 'content-type': 'text/plain', origin: ORIGIN }, clickBody(s.pk), durationSec, connections, procs.map((p) => p.pid));
      for (const p of [...stopFirst, ...procs]) await stop(p);
      return { ...r, stored: (await rows('touches', s.id)) - before };
    };
    let connected = false;
    const pgProcs: ChildProcess[] = [];
    const pgChild = async (args: string[]) => {
      const c = await startChild(args);
      pgProcs.push(c.proc);
      return c;
    };
    try {
      await admin.connect();
      connected = true;
      await admin.query(`create schema ${schema}`);
      const pgApp = await pgChild(['app', pgUrl]);
      const pgShop = await setupShop(pgApp.url);
      await load(pgApp.url, '/v1/orders', { 'content-type': 'application/json', ...pgShop.sk }, orderBody('pgwarm'), 1, connections);
      const before = await rows('orders', pgShop.id);
      const r = await load(pgApp.url, '/v1/orders', { 'content-type': 'application/json', ...pgShop.sk }, orderBody('pg'), durationSec, connections, pgApp.proc.pid);
      await stop(pgApp.proc);
      ordersPostgres = { ...r, stored: (await rows('orders', pgShop.id)) - before };

      const one = await pgChild(['app', pgUrl]);
      clicksPostgres = await pgClicks(one.url, [one.proc]);

      // started one after the other: the schema is already migrated by then
      const a = await pgChild(['app', pgUrl, 'behind-lb']);
      const b = await pgChild(['app', pgUrl, 'behind-lb']);
      const lb = await pgChild(['lb', a.url, b.url]);
      clicksPostgresTwo = await pgClicks(lb.url, [a.proc, b.proc], [lb.proc]);
    } catch (error) {
      postgresMissing = connected ? `failed: ${(error as Error).message}` : 'PostgreSQL unreachable';
      console.warn(`PostgreSQL figures not measured: ${postgresMissing}`);
    } finally {
      for (const p of pgProcs) await stop(p);
      await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }

    return {
      bare,
      clicks: { ...clicks, stored: storedClicks },
      clickRatio: clicks.reqPerSec / bare.reqPerSec,
      clickCpuRatio: bare.perCpuSec > 0 ? clicks.perCpuSec / bare.perCpuSec : 0,
      ordersSqlite: { ...orders, stored: storedOrders },
      ordersPostgres,
      clicksPostgres,
      clicksPostgresTwo,
      postgresMissing,
      durationSec,
      connections,
    };
  } finally {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Markdown lines for `pnpm bench`. */
export function formatServerBench(r: ServerBench): string[] {
  const row = (name: string, f: LoadFigures & { stored?: number }) =>
    `| ${name} | ${fmt(f.reqPerSec)} | ${fmt(f.perCpuSec)} | ${fmt(f.p99Ms)} | ${fmt(f.ok)} | ${f.stored === undefined ? '—' : fmt(f.stored)} | ${fmt(f.errors)} |`;
  const pgRow = (name: string, f: (LoadFigures & { stored: number }) | null) =>
    f ? row(name, f) : `| ${name} | not measured: ${r.postgresMissing ?? 'PostgreSQL unreachable'} | | | | | |`;
  return [
    `autocannon, ${r.connections} connections, ${r.durationSec} s per figure; servers in child processes on 127.0.0.1.`,
    '',
    '| measurement | req/s | 2xx per server CPU-second | p99 ms | 2xx | rows stored | errors + non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('baseline: bare node:http, JSON.parse + 204', r.bare),
    row('POST /v1/track/click, SQLite, group commit', r.clicks),
    row('POST /v1/orders with commissions, SQLite', r.ordersSqlite),
    pgRow('POST /v1/track/click, PostgreSQL, one server process', r.clicksPostgres),
    pgRow('POST /v1/track/click, PostgreSQL, two server processes behind `twotier lb` (CPU of both)', r.clicksPostgresTwo),
    pgRow('POST /v1/orders with commissions, PostgreSQL', r.ordersPostgres),
    '',
    `Click ingest ÷ bare server: **${fmt(r.clickRatio, 2)}×** (target ≥ 0.5×: ${r.clickRatio >= 0.5 ? 'met' : 'NOT met'}); per server CPU-second: **${fmt(r.clickCpuRatio, 2)}×**; every acknowledged click stored: ${r.clicks.stored >= r.clicks.ok ? 'yes' : 'NO'}.`,
    ...[['PostgreSQL, one process', r.clicksPostgres] as const, ['PostgreSQL, two processes', r.clicksPostgresTwo] as const].map(([name, f]) =>
      f
        ? `Click ingest on ${name} ÷ bare server: **${fmt(f.reqPerSec / r.bare.reqPerSec, 2)}×**; per server CPU-second: **${fmt(r.bare.perCpuSec > 0 ? f.perCpuSec / r.bare.perCpuSec : 0, 2)}×**; every acknowledged click stored: ${f.stored >= f.ok ? 'yes' : 'NO'}.`
        : `Click ingest on ${name}: not measured: ${r.postgresMissing ?? 'PostgreSQL unreachable'}.`,
    ),
    `Orders on SQLite: **${fmt(r.ordersSqlite.reqPerSec)}/s** (target ≥ 2,000/s: ${r.ordersSqlite.reqPerSec >= 2000 ? 'met' : 'NOT met'}; ${fmt(r.ordersSqlite.perCpuSec)} per server CPU-second)${r.ordersPostgres ? `; on PostgreSQL: **${fmt(r.ordersPostgres.reqPerSec)}/s** (${fmt(r.ordersPostgres.reqPerSec / r.ordersSqlite.reqPerSec, 2)}× SQLite)` : ''}.`,
  ];
}

if (process.argv[2] !== '--child' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchServer();
  console.log(formatServerBench(r).join('\n'));
}
