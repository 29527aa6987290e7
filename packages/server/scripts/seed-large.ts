/**
 * Seeds a SQLite database with one large shop: by default 100,000
 * distributors (a thousand top-level recruiters, everyone else recruited by
 * one of them), 1,000,000 orders over the last year (80 % attributed),
 * their level-1 and level-2 commissions, 300,000 clicks, some paid
 * withdrawals, and the daily rollups the server keeps on write (the
 * dashboard's day figures included). Rows are generated inside SQLite by recursive CTEs, with the
 * secondary indexes dropped during the load and rebuilt after, so a million
 * orders take well under a minute.
 *
 *   node --conditions=@twotier/source --import tsx packages/server/scripts/seed-large.ts \
 *     --db ./large.db [--distributors 100000] [--orders 1000000]
 *
 * The dashboard can then be opened with the printed admin sign-in.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { createAdminUser } from '../src/admin';
import { openDatabase } from '../src/db';
import { dayFiguresFromRows } from '../src/db/migrations/0025-day-figures-in-rollups';
import { createShop } from '../src/services/shops';
import { rebuildDistributorCounts } from '../src/read-models/distributor-counts';
import { rebuildDistributorTotals } from '../src/read-models/distributor-totals';
import { mergeSearchIndex } from '../src/read-models/distributor-search';

/** What {@link seedLarge} needs. */
export interface SeedLargeOptions {
  /** SQLite file to create (must not hold another shop's data you care about). */
  url: string;
  distributors?: number;
  orders?: number;
  clicks?: number;
  /** The end of the year of orders (default now). */
  now?: number;
  /** Admin sign-in created for the shop (default admin@large.example / large-shop-admin). */
  adminEmail?: string;
  adminPassword?: string;
}

/** The seeded shop. */
export interface SeededShop {
  shopId: string;
  secretKey: string;
  adminEmail: string;
  adminPassword: string;
  distributors: number;
  orders: number;
  ms: number;
}

const DAY = 86_400_000;
const TABLES = ['distributors', 'orders', 'commissions', 'touches', 'withdrawals'];

/** Creates the shop and bulk-loads it; returns its keys and the time taken. */
export async function seedLarge(options: SeedLargeOptions): Promise<SeededShop> {
  const started = performance.now();
  const D = options.distributors ?? 100_000;
  const O = options.orders ?? 1_000_000;
  const C = options.clicks ?? Math.round(O * 0.3);
  const now = options.now ?? Date.now();
  const adminEmail = options.adminEmail ?? 'admin@large.example';
  const adminPassword = options.adminPassword ?? 'large-shop-admin';
  const tops = Math.max(1, Math.min(1000, Math.floor(D / 100)));
  const db = await openDatabase({ url: options.url });
  if (db.dialect !== 'sqlite') throw new Error('seed-large writes SQLite files');
  try {
    const shop = await createShop(db, { name: 'Large Tea Co. 大茶行', currency: 'CNY', allowedOrigins: ['https://large.example'] }, now - 400 * DAY);
    await createAdminUser(db, { shopId: shop.id, email: adminEmail, password: adminPassword }, now);
    const k = db.kysely;
    const s = shop.id;
    await sql`pragma synchronous = off`.execute(k);
    const indexes = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${sql.join(TABLES)})`.execute(k);
    for (const ix of indexes.rows) await sql.raw(`drop index ${ix.name}`).execute(k);
    const run = (q: string) => sql.raw(q).execute(k);
    await run('begin');
    await run(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${D})
      insert into distributors (shop_id, id, code, name, email, external_id, user_id, parent_id, status, grade, created_at)
      select '${s}', 'dst_' || i, 'D' || i, 'Distributor ' || i, 'd' || i || '@large.example', 'ext' || i, null,
        case when i > ${tops} then 'dst_' || ((i * 7919) % ${tops} + 1) end,
        case when i % 97 = 0 then 'suspended' when i % 89 = 0 then 'pending' else 'active' end,
        case when i % 10 = 0 then 'gold' end,
        ${now} - 380 * ${DAY} + (i * ${Math.floor((370 * DAY) / D)})
      from n`);
    await run(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${O})
      insert into orders (shop_id, id, request_hash, currency, body, base, total_paid, refunded, customer_key, visitor_id, region, distributor_id, attribution, evaluation, not_paid, placed_at, created_at)
      select '${s}', 'o' || i, 'h' || i, 'CNY',
        '{"id":"o' || i || '","currency":"CNY","items":[{"sku":"SKU-' || (i % 50) || '","quantity":' || (1 + i % 3) || ',"unitPrice":' || (1000 + (i % 40) * 500) || '}]}',
        (1 + i % 3) * (1000 + (i % 40) * 500), (1 + i % 3) * (1000 + (i % 40) * 500) + 800,
        case when i % 50 = 0 then 500 else 0 end,
        'c:' || (i % 300000), null,
        case i % 6 when 0 then 'Zhejiang' when 1 then 'Shanghai' when 2 then 'Beijing' when 3 then 'Guangdong' when 4 then 'Jiangsu' else 'Sichuan' end,
        case when i % 5 = 0 then null else 'dst_' || ((i * 104729) % ${D} + 1) end,
        case when i % 5 = 0 then null else '{"code":"D' || ((i * 104729) % ${D} + 1) || '","distributorId":"dst_' || ((i * 104729) % ${D} + 1) || '","source":"touch","selfPurchase":false}' end,
        '{}', '[]',
        ${now} - (i % 365) * ${DAY} - (i * 7919) % ${DAY}, ${now} - (i % 365) * ${DAY} - (i * 7919) % ${DAY}
      from n`);
    const status = `case when o.placed_at < ${now - 14 * DAY} then 'available' else 'pending' end`;
    await run(`insert into commissions (shop_id, id, order_id, distributor_id, level, currency, amount, reversed, status, explanation, available_at, created_at)
      select o.shop_id, 'com1_' || o.id, o.id, o.distributor_id, 1, 'CNY', o.base / 10, case when o.refunded > 0 then 50 else 0 end, ${status},
        '{"summary":"Level 1: 10% of the base"}', o.placed_at + 14 * ${DAY}, o.placed_at
      from orders o where o.shop_id = '${s}' and o.distributor_id is not null`);
    await run(`insert into commissions (shop_id, id, order_id, distributor_id, level, currency, amount, reversed, status, explanation, available_at, created_at)
      select o.shop_id, 'com2_' || o.id, o.id, d.parent_id, 2, 'CNY', o.base / 20, case when o.refunded > 0 then 25 else 0 end, ${status},
        '{"summary":"Level 2: 5% of the base"}', o.placed_at + 14 * ${DAY}, o.placed_at
      from orders o join distributors d on d.shop_id = o.shop_id and d.id = o.distributor_id
      where o.shop_id = '${s}' and d.parent_id is not null`);
    await run(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${C})
      insert into touches (shop_id, event_id, code, visitor_id, url, referrer, at)
      select '${s}', 'ev' || i, 'D' || ((i * 104729) % ${D} + 1), 'v' || (i % 200000), 'https://large.example/?ref=D' || ((i * 104729) % ${D} + 1), null,
        ${now} - (i % 365) * ${DAY} - (i * 31) % ${DAY}
      from n`);
    await run(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${Math.max(1, Math.floor(D / 20))})
      insert into withdrawals (shop_id, id, distributor_id, currency, amount, fee, net, status, reason, reference, created_at, updated_at)
      select '${s}', 'wdr_' || i, 'dst_' || ((i * 13) % ${D} + 1), 'CNY', 5000 + i % 100 * 10, 0, 5000 + i % 100 * 10,
        case when i % 4 = 0 then 'requested' when i % 4 = 1 then 'approved' else 'paid' end, null,
        case when i % 4 >= 2 then 'BANK-' || i end,
        ${now} - (i % 300) * ${DAY}, ${now} - (i % 300) * ${DAY} + ${DAY}
      from n`);
    await run('commit');
    for (const ix of indexes.rows) await sql.raw(ix.sql).execute(k);
    // the server's own daily rollups (stats, analytics), as its write path would have kept them
    await run('begin');
    await run(`create temp table att as select o.placed_at, o.distributor_id, coalesce(o.region, '') as region, json_extract(o.body, '$.items[0].sku') as sku, o.base,
      (select coalesce(sum(c.amount), 0) from commissions c where c.shop_id = o.shop_id and c.order_id = o.id) as com
      from orders o where o.shop_id = '${s}' and o.distributor_id is not null`);
    for (const [dim, key] of [['day', "''"], ['distributor', 'distributor_id'], ['region', 'region'], ['product', 'sku']]) {
      await run(`insert into daily_sales (shop_id, day, dim, key, currency, orders, sales, commissions)
        select '${s}', date(placed_at / 1000, 'unixepoch'), '${dim}', ${key}, 'CNY', count(*), sum(base), sum(com) from att group by 2, 4`);
    }
    await run(`insert into daily_clicks (shop_id, day, code, clicks) select shop_id, date(at / 1000, 'unixepoch'), code, count(*) from touches where shop_id = '${s}' group by 2, 3`);
    await run('drop table att');
    // the dashboard's day figures in the same rollups (every order, commissions by status, payouts), as the write path keeps them
    await dayFiguresFromRows(k);
    await run('commit');
    // the distributors table's per-distributor totals, as the write path keeps them
    await run('begin');
    await rebuildDistributorTotals(k, s);
    await rebuildDistributorCounts(k, s);
    await run('commit');
    // the search index in one piece, as the server's background job keeps it
    await mergeSearchIndex(db);
    await sql`analyze`.execute(k);
    await sql`pragma synchronous = full`.execute(k);
    return { shopId: s, secretKey: shop.secretKey, adminEmail, adminPassword, distributors: D, orders: O, ms: Math.round(performance.now() - started) };
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, distributors: { type: 'string' }, orders: { type: 'string' } } });
  if (!values.db) {
    process.stderr.write('usage: seed-large.ts --db <file.db> [--distributors 100000] [--orders 1000000]\n');
    process.exit(2);
  }
  const r = await seedLarge({ url: values.db, distributors: values.distributors ? Number(values.distributors) : undefined, orders: values.orders ? Number(values.orders) : undefined });
  process.stdout.write(`seeded shop ${r.shopId}: ${r.distributors} distributors, ${r.orders} orders in ${(r.ms / 1000).toFixed(1)} s\n` +
    `secret key: ${r.secretKey}\nadmin sign-in: ${r.adminEmail} / ${r.adminPassword} (twotier serve --db ${values.db}, then /admin)\n`);
}
