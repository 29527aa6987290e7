/**
 * Admin dashboard latency at the API: the distributors table (first page,
 * a deep keyset page, a search) and the overview (30 days against the 30
 * before), on SQLite, at 10,000 orders (1,000 distributors) and at
 * 1,000,000 orders (100,000 distributors), request by request in turn.
 * Reports medians and p95 in ms and the growth ratio between the two sizes.
 *
 *   node --conditions=@twotier/source --import tsx scripts/bench-admin.ts
 *
 * The seeded databases are cached in the temp folder (twotier-bench-*.db),
 * so only the first run pays for seeding (about a minute for the large one).
 * `benchAdmin()` is exported for a top-level bench runner.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../packages/server/src/app';
import { openDatabase } from '../packages/server/src/db';
import { seedLarge } from '../packages/server/scripts/seed-large';

/** Latency of one endpoint, ms. */
export interface Latency {
  p50: number;
  p95: number;
}

/** One data size. */
export interface AdminBenchSize {
  distributors: number;
  orders: number;
  distributorsFirstPage: Latency;
  distributorsDeepPage: Latency;
  distributorsSearch: Latency;
  /** Sorted by sales, highest first: the first page and a keyset page 500 rows in. */
  distributorsBySales: Latency;
  distributorsBySalesDeep: Latency;
  overview30d: Latency;
  /** `GET /v1/stats` by day over 30 days (the API's stats, from the rollups). */
  stats30d: Latency;
}

/** What {@link benchAdmin} measured. */
export interface AdminBench {
  small: AdminBenchSize;
  large: AdminBenchSize;
  /** large p50 ÷ small p50 per endpoint: near 1 means the cost does not follow the data size. */
  growth: Record<Endpoint, number>;
  /** Every large-size p95 under 300 ms. */
  under300ms: boolean;
}

export interface AdminBenchOptions {
  /** Requests per endpoint after 3 warm-ups (default 25). */
  runs?: number;
  /** Re-seed even when a cached database exists. */
  fresh?: boolean;
  largeOrders?: number;
  largeDistributors?: number;
}

const DAY = 86_400_000;
// a fixed "now" so cached databases keep matching their period
const NOW = Date.parse('2026-06-30T12:00:00Z');

/** One seeded size, open: a GET against its app, and the paths to measure. */
interface OpenSize {
  distributors: number;
  orders: number;
  get(path: string): Promise<any>;
  paths: Record<Endpoint, () => string>;
  close(): Promise<void>;
}

type Endpoint = 'distributorsFirstPage' | 'distributorsDeepPage' | 'distributorsSearch' | 'distributorsBySales' | 'distributorsBySalesDeep' | 'overview30d' | 'stats30d';
const ENDPOINTS: Endpoint[] = ['distributorsFirstPage', 'distributorsDeepPage', 'distributorsSearch', 'distributorsBySales', 'distributorsBySalesDeep', 'overview30d', 'stats30d'];

async function openSize(distributors: number, orders: number, fresh: boolean): Promise<OpenSize> {
  const file = join(tmpdir(), `twotier-bench-admin-${distributors}-${orders}.db`);
  const keyFile = `${file}.key`;
  if (fresh || !existsSync(file) || !existsSync(keyFile)) {
    for (const f of [file, `${file}-wal`, `${file}-shm`, keyFile]) rmSync(f, { force: true });
    const seeded = await seedLarge({ url: file, distributors, orders, now: NOW });
    writeFileSync(keyFile, seeded.secretKey);
    console.error(`seeded ${distributors} distributors / ${orders} orders in ${(seeded.ms / 1000).toFixed(1)} s`);
  }
  const sk = readFileSync(keyFile, 'utf8').trim();
  const db = await openDatabase({ url: file });
  const app = createApp({ db, rateLimiter: false, now: () => new Date(NOW) });
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${sk}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const deepCursor = async (path: string) => {
    let deep = '';
    let cursor: string | null = null;
    for (let i = 0; i < 5 && (i === 0 || cursor); i++) {
      const page: { nextCursor: string | null } = await get(`${path}${cursor ? `&cursor=${cursor}` : ''}`);
      cursor = page.nextCursor;
      if (cursor) deep = cursor;
    }
    return deep;
  };
  const deep = await deepCursor('/v1/distributors?limit=100&sort=code');
  const deepBySales = await deepCursor('/v1/admin/reports/distributors?limit=100&sort=-sales');
  const from = new Date(NOW - 29 * DAY).toISOString().slice(0, 10);
  const to = new Date(NOW).toISOString().slice(0, 10);
  return {
    distributors,
    orders,
    get,
    paths: {
      distributorsFirstPage: () => '/v1/admin/reports/distributors?limit=25',
      distributorsDeepPage: () => `/v1/admin/reports/distributors?limit=25&sort=code&cursor=${deep}`,
      distributorsSearch: () => `/v1/admin/reports/distributors?limit=25&q=Distributor%20${Math.floor(distributors / 2)}`,
      distributorsBySales: () => '/v1/admin/reports/distributors?limit=25&sort=-sales',
      distributorsBySalesDeep: () => `/v1/admin/reports/distributors?limit=25&sort=-sales&cursor=${deepBySales}`,
      overview30d: () => `/v1/admin/reports/overview?from=${from}&to=${to}`,
      stats30d: () => `/v1/stats?from=${from}&to=${to}&groupBy=day`,
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

const latency = (ms: number[]): Latency => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
};

/**
 * Seeds (or reuses) both sizes and measures them. The two sizes are
 * measured request by request in turn (small, large, small, …), so a slow
 * spell of a shared machine falls on both.
 */
export async function benchAdmin(options: AdminBenchOptions = {}): Promise<AdminBench> {
  const runs = options.runs ?? 25;
  const fresh = options.fresh ?? false;
  const sizes = [await openSize(1_000, 10_000, fresh), await openSize(options.largeDistributors ?? 100_000, options.largeOrders ?? 1_000_000, fresh)] as const;
  const times = sizes.map(() => Object.fromEntries(ENDPOINTS.map((e) => [e, [] as number[]])) as Record<Endpoint, number[]>);
  try {
    for (const e of ENDPOINTS) {
      for (const size of sizes) for (let i = 0; i < 3; i++) await size.get(size.paths[e]());
      for (let i = 0; i < runs; i++) {
        for (const [k, size] of sizes.entries()) {
          const t0 = performance.now();
          await size.get(size.paths[e]());
          times[k]![e].push(performance.now() - t0);
        }
      }
    }
  } finally {
    for (const size of sizes) await size.close();
  }
  const [small, large] = sizes.map((size, k): AdminBenchSize => ({
    distributors: size.distributors,
    orders: size.orders,
    ...(Object.fromEntries(ENDPOINTS.map((e) => [e, latency(times[k]![e])])) as Record<Endpoint, Latency>),
  })) as [AdminBenchSize, AdminBenchSize];
  const growth = Object.fromEntries(ENDPOINTS.map((e) => [e, Math.round((large[e].p50 / Math.max(0.1, small[e].p50)) * 10) / 10])) as AdminBench['growth'];
  return { small, large, growth, under300ms: ENDPOINTS.every((e) => large[e].p95 < 300) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchAdmin({ fresh: process.argv.includes('--fresh') });
  const row = (s: AdminBenchSize) =>
    `${String(s.orders).padStart(9)} orders / ${String(s.distributors).padStart(7)} distributors | table p50 ${s.distributorsFirstPage.p50} ms (p95 ${s.distributorsFirstPage.p95}) | deep page p50 ${s.distributorsDeepPage.p50} ms | search p50 ${s.distributorsSearch.p50} ms | by sales p50 ${s.distributorsBySales.p50} ms (p95 ${s.distributorsBySales.p95}), deep p50 ${s.distributorsBySalesDeep.p50} ms (p95 ${s.distributorsBySalesDeep.p95}) | overview p50 ${s.overview30d.p50} ms (p95 ${s.overview30d.p95}) | stats p50 ${s.stats30d.p50} ms (p95 ${s.stats30d.p95})`;
  console.log(row(r.small));
  console.log(row(r.large));
  console.log(`growth ×: ${JSON.stringify(r.growth)}; every large p95 < 300 ms: ${r.under300ms}`);
}
