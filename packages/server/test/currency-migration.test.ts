import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { overview } from '../src/admin/overview';
import { main } from '../src/cli';
import { currencyDoctor } from '../src/currency-doctor';
import { openDatabase, type Db } from '../src/db';
import { migrations } from '../src/db/migrations';
import { balanceOf } from '../src/services/ledger';
import { ShopStore } from '../src/services/shop-store';
import { PG_URL, postgresReachable } from './harness';

/**
 * Migration 0016 on a database written before currencies were checked: a CNY
 * shop holding a USD order, its commission and a CNY withdrawal that spent it.
 */

// CI requires PostgreSQL (as postgres.test.ts does); elsewhere its case is skipped when none answers
const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);

const before0016 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0016'));

async function seedLegacy(k: Kysely<any>, migrationTableSchema?: string): Promise<void> {
  // on PostgreSQL the migration tables are looked for in the test's own schema: another
  // schema's kysely_migration_lock (left by any other run) must not be taken for ours
  await new Migrator({ db: k, provider: { getMigrations: async () => before0016 }, ...(migrationTableSchema ? { migrationTableSchema } : {}) }).migrateToLatest().then((r) => {
    if (r.error) throw r.error;
  });
  const shop = 'shopLegacy0016';
  await k.insertInto('shops').values({
    id: shop, name: 'Old Tea', currency: 'CNY', allowed_origins: '[]', publishable_key: 'pk_legacy_0016_key', secret_hash: 'x', identity_key: 'x',
    program: JSON.stringify({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 } }), created_at: 0,
  }).execute();
  await k.insertInto('distributors').values({ shop_id: shop, id: 'd1', code: 'lina', name: 'Li Na', email: null, external_id: null, user_id: null, parent_id: null, status: 'active', grade: null, created_at: 0 }).execute();
  const order = (id: string, currency: string, total: number) => ({
    shop_id: shop, id, request_hash: id, currency, body: '{}', base: total, total_paid: total, refunded: 0, customer_key: null, visitor_id: null, region: null,
    distributor_id: 'd1', attribution: null, evaluation: '{}', not_paid: '[]', placed_at: 1_000, created_at: 1_000,
  });
  await k.insertInto('orders').values([order('o-cny', 'CNY', 10_000), order('o-usd', 'USD', 5_000)]).execute();
  const commission = (id: string, orderId: string, currency: string, amount: number) => ({
    shop_id: shop, id, order_id: orderId, distributor_id: 'd1', level: 1, currency, amount, reversed: 0, status: 'available', explanation: '{}', available_at: 1_000, created_at: 1_000,
  });
  await k.insertInto('commissions').values([commission('c1', 'o-cny', 'CNY', 1_000), commission('c2', 'o-usd', 'USD', 500)]).execute();
  const entry = (id: string, bucket: string, currency: string, amount: number) => ({
    shop_id: shop, id, distributor_id: 'd1', bucket, kind: 'commission', amount, currency, commission_id: null, withdrawal_id: null, dedupe_key: null, note: null, created_at: 1_000,
  });
  // the old balance summed both: 1 500 "CNY" available, all of it withdrawn as CNY
  await k.insertInto('ledger_entries').values([
    entry('l1', 'available', 'CNY', 1_000),
    entry('l2', 'available', 'USD', 500),
    entry('l3', 'available', 'CNY', -1_500),
    entry('l4', 'in_withdrawal', 'CNY', 1_500),
  ]).execute();
  await k.insertInto('distributor_totals').values({ shop_id: shop, distributor_id: 'd1', sales: 15_000, orders: 2, commissions: 1_500, recruits: 0, last_activity_at: 1_000 }).execute();
  await k.insertInto('bonuses').values({ shop_id: shop, id: 'b1', distributor_id: 'd1', period: 'month:2026-01-01', kind: 'performance', sales: 15_000, amount: 100, currency: 'CNY', explanation: '{}', created_at: 1_000 }).execute();
  await k.insertInto('admin_daily').values({ shop_id: shop, day: 0, clicks: 0, orders: 2, attributed_orders: 2, revenue: 15_000, commissions: '{}', computed_at: 1_000 }).execute();
}

async function checkMigrated(db: Db): Promise<void> {
  const shopId = 'shopLegacy0016';
  const totals = await db.kysely.selectFrom('distributor_totals').selectAll().where('shop_id', '=', shopId).executeTakeFirstOrThrow();
  expect([Number(totals.sales), Number(totals.orders), Number(totals.commissions)]).toEqual([10_000, 1, 1_000]);
  // the dashboard's day figures (filled from the rows by migration 0025): the CNY order in the shop's, the USD one apart
  const day = await overview(db.kysely, { id: shopId, currency: 'CNY' }, { from: 0, to: 86_400_000 });
  expect([day.kpis.orders.value, day.kpis.attributedRevenue.value, day.kpis.commissionsAvailable.value]).toEqual([1, 10_000, 1_000]);
  expect(day.otherCurrencies).toEqual([{ currency: 'USD', orders: 1, attributedOrders: 1, attributedRevenue: 5_000, commissions: 500, commissionsPaid: 0 }]);

  const shop = (await new ShopStore(db).get(shopId))!;
  expect(shop.currencies).toEqual(['CNY']);
  const balance = await balanceOf(db.kysely, shop, 'd1');
  // the USD commission is no longer part of the CNY balance: the CNY withdrawal left it below zero
  expect(balance).toMatchObject({ currency: 'CNY', available: -500, inWithdrawal: 1_500 });
  expect(balance.balances).toEqual([
    { currency: 'CNY', pending: 0, available: -500, inWithdrawal: 1_500, paid: 0 },
    { currency: 'USD', pending: 0, available: 500, inWithdrawal: 0, paid: 0 },
  ]);

  // bonuses are unique per currency now
  const bonus = (id: string, currency: string) => ({ shop_id: shopId, id, distributor_id: 'd1', period: 'month:2026-01-01', kind: 'performance', sales: 1, amount: 1, currency, explanation: '{}', created_at: 2_000 });
  await db.kysely.insertInto('bonuses' as any).values(bonus('b2', 'USD')).execute();
  await expect(db.kysely.insertInto('bonuses' as any).values(bonus('b3', 'CNY')).execute()).rejects.toThrow();

  const [findings] = await currencyDoctor(db, shopId);
  expect(findings).toMatchObject({
    shopId,
    currency: 'CNY',
    foreignOrders: [{ orderId: 'o-usd', currency: 'USD', totalPaid: 5_000, commissions: 500, distributorId: 'd1' }],
    foreignBalances: [{ distributorId: 'd1', currency: 'USD', pending: 0, available: 500 }],
    negativeDefault: [{ distributorId: 'd1', available: -500 }],
  });
}

describe('migration 0016 on data stored before currencies were checked', () => {
  it('SQLite: totals and rollups rebuilt over the default currency, foreign money apart, listed by `twotier doctor`', async () => {
    const file = join(tmpdir(), `twotier-0016-${randomBytes(5).toString('hex')}.db`);
    try {
      const raw = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      await seedLegacy(raw);
      await raw.destroy();
      const db = await openDatabase({ url: file });
      try {
        await checkMigrated(db);
      } finally {
        await db.close();
      }
      const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        expect(await main(['doctor', '--db', file])).toBe(1);
        const text = out.mock.calls.map((c) => String(c[0])).join('');
        expect(text).toContain('order o-usd  USD 5000 paid');
        expect(text).toContain('negative CNY available balance (-500)');
      } finally {
        out.mockRestore();
      }
    } finally {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  });

  it.runIf(pgReachable)('PostgreSQL: the same', async () => {
    const schema = `twotier_0016_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const raw = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}`, max: 2 }) }) });
      await seedLegacy(raw, schema);
      await raw.destroy();
      const db = await openDatabase({ url: PG_URL, pgSchema: schema, poolSize: 4 });
      try {
        await checkMigrated(db);
      } finally {
        await db.close();
      }
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});

