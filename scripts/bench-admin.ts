/**
 * Admin dashboard latency at the API: the distributors table (first page,
 * a deep keyset page, a search) and the overview (30 days against the 30
 * before), on SQLite, at 10,000 orders (1,000 distributors) and at
 * 1,000,000 orders (100,000 distributors). Reports medians and p95 in ms
 * and the growth ratio between the two sizes.
 *
 *   node --conditions=@twotier/source --import tsx scripts/bench-admin.ts
 *
 * The seeded databases are cached in the temp folder (twotier-bench-*.db),
 * so only the first run pays for seeding (about a minute for the large one).
 * `benchAdmin()` is exported for a top-level bench runner.
 */
import { existsSync, rmSync } from 'node:fs';
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
}

/** What {@link benchAdmin} measured. */
export interface AdminBench {
  small: AdminBenchSize;
  large: AdminBenchSize;
  /** large p50 ÷ small p50 per endpoint: near 1 means the cost does not follow the data size. */
  growth: Record<'distributorsFirstPage' | 'distributorsDeepPage' | 'distributorsSearch' | 'distributorsBySales' | 'distributorsBySalesDeep' | 'overview30d', number>;
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

async function measureSize(distributors: number, orders: number, runs: number, fresh: boolean): Promise<AdminBenchSize> {
  const file = join(tmpdir(), `twotier-bench-admin-${distributors}-${orders}.db`);
  const keyFile = `${file}.key`;
  if (fresh || !existsSync(file) || !existsSync(keyFile)) {
    for (const f of [file, `${file}-wal`, `${file}-shm`, keyFile]) rmSync(f, { force: true });
    const seeded = await seedLarge({ url: file, distributors, orders, now: NOW });
    (await import('node:fs')).writeFileSync(keyFile, seeded.secretKey);
    console.error(`seeded ${distributors} distributors / ${orders} orders in ${(seeded.ms / 1000).toFixed(1)} s`);
  }
  const sk = (await import('node:fs')).readFileSync(keyFile, 'utf8').trim();
  const db = await openDatabase({ url: file });
  const app = createApp({ db, rateLimiter: false, now: () => new Date(NOW) });
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${sk}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const time = async (path: () => string): Promise<Latency> => {
    for (let i = 0; i < 3; i++) await get(path());
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await get(path());
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 10) / 10;
    return { p50: at(0.5), p95: at(0.95) };
  };
  // a cursor half way through the table, reached by paging once with a big limit
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
  const result: AdminBenchSize = {
    distributors,
    orders,
    distributorsFirstPage: await time(() => '/v1/admin/reports/distributors?limit=25'),
    distributorsDeepPage: await time(() => `/v1/admin/reports/distributors?limit=25&sort=code&cursor=${deep}`),
    distributorsSearch: await time(() => `/v1/admin/reports/distributors?limit=25&q=Distributor%20${Math.floor(distributors / 2)}`),
    distributorsBySales: await time(() => '/v1/admin/reports/distributors?limit=25&sort=-sales'),
    distributorsBySalesDeep: await time(() => `/v1/admin/reports/distributors?limit=25&sort=-sales&cursor=${deepBySales}`),
    overview30d: await time(() => `/v1/admin/reports/overview?from=${from}&to=${to}`),
  };
  await app.close();
  await db.close();
  return result;
}

/** Seeds (or reuses) both sizes and measures them. */
export async function benchAdmin(options: AdminBenchOptions = {}): Promise<AdminBench> {
  const runs = options.runs ?? 25;
  const small = await measureSize(1_000, 10_000, runs, options.fresh ?? false);
  const large = await measureSize(options.largeDistributors ?? 100_000, options.largeOrders ?? 1_000_000, runs, options.fresh ?? false);
  const keys = ['distributorsFirstPage', 'distributorsDeepPage', 'distributorsSearch', 'distributorsBySales', 'distributorsBySalesDeep', 'overview30d'] as const;
  const growth = Object.fromEntries(keys.map((k) => [k, Math.round((large[k].p50 / Math.max(0.1, small[k].p50)) * 10) / 10])) as AdminBench['growth'];
  return { small, large, growth, under300ms: keys.every((k) => large[k].p95 < 300) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchAdmin({ fresh: process.argv.includes('--fresh') });
  const row = (s: AdminBenchSize) =>
    `${String(s.orders).padStart(9)} orders / ${String(s.distributors).padStart(7)} distributors | table p50 ${s.distributorsFirstPage.p50} ms (p95 ${s.distributorsFirstPage.p95}) | deep page p50 ${s.distributorsDeepPage.p50} ms | search p50 ${s.distributorsSearch.p50} ms | by sales p50 ${s.distributorsBySales.p50} ms (p95 ${s.distributorsBySales.p95}), deep p50 ${s.distributorsBySalesDeep.p50} ms (p95 ${s.distributorsBySalesDeep.p95}) | overview p50 ${s.overview30d.p50} ms (p95 ${s.overview30d.p95})`;
  console.log(row(r.small));
  console.log(row(r.large));
  console.log(`growth ×: ${JSON.stringify(r.growth)}; every large p95 < 300 ms: ${r.under300ms}`);
}
