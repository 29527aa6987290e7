import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { refundedOrdersToOneDefinition } from '../src/db/migrations/0022-refunded-figures-error-codes';
import { netOfRefunds } from '../src/stats/rollups';
import { Clock, createTestShop, makeApp, postgresFactory, postgresReachable, secret, sqliteFactory, uid, type DbFactory, type TestShop } from './harness';

// CI requires PostgreSQL (as postgres.test.ts does); elsewhere its run is skipped when none answers
const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);
const factories: (() => DbFactory)[] = [sqliteFactory, ...(pgReachable ? [postgresFactory] : [])];

/**
 * docs/figures.md: an order refunded in full is no sale (no order, no sales)
 * on any screen; a partial refund lowers the amounts. Each screen that shows
 * a figure is read through its endpoint: the Overview, Analytics, the
 * distributors table and a distributor's page, the orders page and
 * GET /v1/stats.
 */
describe.each(factories.map((f) => [f().name, f] as const))('figures agree across screens on %s', (_name, factory) => {
  const f = factory();
  let db: Db;
  let app: TwotierApp;
  let shop: TestShop;
  const clock = new Clock();
  let ann: string;

  beforeAll(async () => {
    db = await f.open();
    app = makeApp(db, clock);
    shop = await createTestShop(app);
    const a = await secret(app, shop, 'POST', '/v1/distributors', { name: 'Ann', code: 'ANN' });
    expect(a.status).toBe(201);
    ann = a.body.id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await f.cleanup();
  });

  const order = async (items: { sku: string; quantity: number; unitPrice: number }[], shipping = 0) => {
    clock.ms += 1_000;
    const id = uid('o');
    const o = await secret(app, shop, 'POST', '/v1/orders', { id, currency: 'CNY', referralCode: 'ANN', region: 'Zhejiang', items, shipping });
    expect(o.status).toBe(201);
    return id;
  };
  const refund = async (orderId: string, body: object) => {
    clock.ms += 1_000;
    const r = await secret(app, shop, 'POST', `/v1/orders/${orderId}/refunds`, { id: uid('r'), ...body });
    expect(r.status).toBe(201);
  };
  const screens = async () => {
    const [overview, analytics, table, tree, stats, byProduct, byRegion, byDistributor, orders] = await Promise.all([
      secret(app, shop, 'GET', '/v1/admin/reports/overview'),
      secret(app, shop, 'GET', '/v1/admin/reports/analytics'),
      secret(app, shop, 'GET', '/v1/admin/reports/distributors?sort=code'),
      secret(app, shop, 'GET', `/v1/admin/reports/distributors/${ann}/tree`),
      secret(app, shop, 'GET', '/v1/stats?groupBy=day'),
      secret(app, shop, 'GET', '/v1/stats?groupBy=product'),
      secret(app, shop, 'GET', '/v1/stats?groupBy=region'),
      secret(app, shop, 'GET', '/v1/stats?groupBy=distributor'),
      secret(app, shop, 'GET', '/v1/admin/reports/orders'),
    ]);
    for (const r of [overview, analytics, table, tree, stats, byProduct, byRegion, byDistributor, orders]) expect(r.status).toBe(200);
    const today = overview.body.series.at(-1);
    return {
      overviewOrders: overview.body.kpis.orders.value as number,
      overviewAttributed: overview.body.kpis.attributedOrders.value as number,
      overviewRevenue: overview.body.kpis.attributedRevenue.value as number,
      overviewDayOrders: today.orders as number,
      analyticsProducts: analytics.body.topProducts as { sku: string; orders: number; sales: number }[],
      analyticsRegions: analytics.body.topRegions as { region: string; orders: number; sales: number }[],
      analyticsConversion: (analytics.body.conversion as { code: string; orders: number }[]).map((c) => ({ code: c.code, orders: c.orders })),
      tableAnn: (table.body.data as { code: string; sales: number; orders: number }[]).filter((d) => d.code === 'ANN').map((d) => ({ sales: d.sales, orders: d.orders }))[0],
      pageAnn: { sales: tree.body.distributor.sales as number, orders: tree.body.distributor.orders as number },
      statsDay: (stats.body.rows as { key: string; orders: number; sales: number }[]).map((r) => ({ orders: r.orders, sales: r.sales })),
      statsProduct: (byProduct.body.rows as { key: string; orders: number; sales: number }[]).map((r) => ({ key: r.key, orders: r.orders, sales: r.sales })),
      statsRegion: (byRegion.body.rows as { key: string; orders: number; sales: number }[]).map((r) => ({ orders: r.orders, sales: r.sales })),
      statsDistributor: (byDistributor.body.rows as { key: string; orders: number }[]).map((r) => ({ key: r.key, orders: r.orders })),
      orders: (orders.body.data as { id: string; refunded: number; totalPaid: number }[]).map((o) => ({ id: o.id, refunded: o.refunded, totalPaid: o.totalPaid })),
    };
  };

  it('an order refunded in full counts no order and no sales on any screen, the day it was placed included', async () => {
    const id = await order([{ sku: 'TEA', quantity: 1, unitPrice: 10_000 }], 1_000);
    const before = await screens();
    expect(before.analyticsProducts).toEqual([{ sku: 'TEA', orders: 1, sales: 10_000 }]);
    expect(before.statsDay).toEqual([{ orders: 1, sales: 10_000 }]);
    expect(before.overviewOrders).toBe(1);
    expect(before.tableAnn).toEqual({ sales: 11_000, orders: 1 });

    await refund(id, { amount: 11_000 });
    const s = await screens();
    expect(s.overviewOrders).toBe(0);
    expect(s.overviewAttributed).toBe(0);
    expect(s.overviewDayOrders).toBe(0);
    expect(s.overviewRevenue).toBe(0);
    // Analytics and GET /v1/stats: the day shows 0 orders and 0 sales (no row left)
    expect(s.analyticsProducts).toEqual([]);
    expect(s.analyticsRegions).toEqual([]);
    expect(s.analyticsConversion).toEqual([]);
    expect(s.statsDay).toEqual([]);
    expect(s.statsProduct).toEqual([]);
    expect(s.statsRegion).toEqual([]);
    expect(s.statsDistributor).toEqual([]);
    // the distributors table and the distributor's page
    expect(s.tableAnn).toEqual({ sales: 0, orders: 0 });
    expect(s.pageAnn).toEqual({ sales: 0, orders: 0 });
    // the orders page still lists it, as refunded in full
    expect(s.orders).toContainEqual({ id, refunded: 11_000, totalPaid: 11_000 });
    const rows = await db.kysely.selectFrom('daily_sales' as never).select(['dim', 'orders', 'sales'] as never).where('shop_id' as never, '=', shop.id as never).execute();
    expect((rows as { orders: unknown; sales: unknown }[]).every((r) => Number(r.orders) === 0 && Number(r.sales) === 0)).toBe(true);
  });

  it('regions are one ISO 3166-2 code however the shop spelled them, in Analytics and GET /v1/stats', async () => {
    for (const region of ['Zhejiang', 'CN-ZJ', '浙江省']) {
      clock.ms += 1_000;
      const o = await secret(app, shop, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: 'ANN', region, items: [{ sku: 'MUG', quantity: 1, unitPrice: 1_000 }] });
      expect(o.status).toBe(201);
    }
    const [analytics, stats] = await Promise.all([secret(app, shop, 'GET', '/v1/admin/reports/analytics'), secret(app, shop, 'GET', '/v1/stats?groupBy=region')]);
    expect(analytics.body.topRegions).toEqual([{ region: 'CN-ZJ', orders: 3, sales: 3_000 }]);
    expect(stats.body.rows).toEqual([{ key: 'CN-ZJ', orders: 3, sales: 3_000, commissions: expect.any(Number) }]);
    // refunded in full, so the next test starts from nothing
    for (const o of (await secret(app, shop, 'GET', '/v1/admin/reports/orders')).body.data as { id: string; totalPaid: number; refunded: number }[]) {
      if (o.refunded < o.totalPaid) await refund(o.id, { amount: o.totalPaid - o.refunded });
    }
    expect((await secret(app, shop, 'GET', '/v1/stats?groupBy=region')).body.rows).toEqual([]);
  });

  it('a partial refund lowers sales everywhere and keeps the order counted; by items it lowers that product only', async () => {
    const id = await order([{ sku: 'CUP', quantity: 2, unitPrice: 3_000 }, { sku: 'POT', quantity: 1, unitPrice: 4_000 }], 500);
    await refund(id, { items: [{ sku: 'CUP', quantity: 1 }] });
    let s = await screens();
    expect(s.overviewOrders).toBe(1);
    expect(s.overviewRevenue).toBe(10_500 - 3_000);
    expect(s.statsDay).toEqual([{ orders: 1, sales: 10_000 - 3_000 }]);
    expect(s.statsProduct).toEqual([{ key: 'POT', orders: 1, sales: 4_000 }, { key: 'CUP', orders: 1, sales: 3_000 }]);
    expect(s.analyticsProducts).toEqual([{ sku: 'POT', orders: 1, sales: 4_000 }, { sku: 'CUP', orders: 1, sales: 3_000 }]);
    expect(s.analyticsRegions).toEqual([{ region: 'CN-ZJ', orders: 1, sales: 7_000 }]);
    expect(s.analyticsConversion).toEqual([{ code: 'ANN', orders: 1 }]);
    expect(s.tableAnn).toEqual({ sales: 7_500, orders: 1 });
    expect(s.pageAnn).toEqual({ sales: 7_500, orders: 1 });

    // the last cup refunded by items: CUP leaves the products, the order stays
    await refund(id, { items: [{ sku: 'CUP', quantity: 1 }] });
    s = await screens();
    expect(s.analyticsProducts).toEqual([{ sku: 'POT', orders: 1, sales: 4_000 }]);
    expect(s.statsDay).toEqual([{ orders: 1, sales: 4_000 }]);
    expect(s.overviewOrders).toBe(1);

    // by amount: 1,125 of the 10,500 paid takes 1,125/10,500 of every product's base
    await refund(id, { amount: 1_125 });
    s = await screens();
    expect(s.overviewRevenue).toBe(4_500 - 1_125);
    expect(s.tableAnn).toEqual({ sales: 3_375, orders: 1 });
    expect(s.analyticsRegions[0]!.orders).toBe(1);
    expect(s.analyticsRegions[0]!.sales).toBeLessThan(4_000);
    expect(s.statsDay[0]!.sales).toBe(s.analyticsRegions[0]!.sales);

    // the rest of the money: refunded in full, counted nowhere
    await refund(id, { amount: 10_500 - 6_000 - 1_125 });
    s = await screens();
    expect(s.overviewOrders).toBe(0);
    expect(s.statsDay).toEqual([]);
    expect(s.analyticsProducts).toEqual([]);
    expect(s.tableAnn).toEqual({ sales: 0, orders: 0 });
  });
});

describe('netOfRefunds', () => {
  const order = { base: 10_000, totalPaid: 10_500, items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }], lineBases: [6_000, 4_000] };
  it('counts an order until its refunds reach what was paid, and lowers sales per product', () => {
    expect(netOfRefunds({ ...order, refunded: 0 }, [])).toEqual({ orders: 1, sales: 10_000, products: new Map([['A', { orders: 1, sales: 6_000 }], ['B', { orders: 1, sales: 4_000 }]]) });
    const half = netOfRefunds({ ...order, refunded: 3_000 }, [{ items: [{ sku: 'A', quantity: 1 }] }]);
    expect(half.sales).toBe(7_000);
    expect(half.products.get('A')).toEqual({ orders: 1, sales: 3_000 });
    const none = netOfRefunds({ ...order, refunded: 10_500 }, [{ amount: 10_500 }]);
    expect(none).toEqual({ orders: 0, sales: 0, products: new Map([['A', { orders: 0, sales: 0 }], ['B', { orders: 0, sales: 0 }]]) });
    // an order that paid nothing is never refunded in full
    expect(netOfRefunds({ ...order, totalPaid: 0, refunded: 0 }, []).orders).toBe(1);
  });
});

/** The attributed-sales dims of the rollups, the ones 0022 knew (0025 added the dashboard's day figures beside them). */
const SALES_DIMS = ['day', 'distributor', 'region', 'product'] as const;

/**
 * Migration 0022 moves what the old code left (an order refunded in full
 * still counted, a partial refund not lowering item sales) to the one
 * definition: the rollups and counts end as a fresh recomputation's.
 */
describe.each(factories.map((f) => [f().name, f] as const))('migration 0022 on %s', (_name, factory) => {
  it('moves refunded orders in the rollups and counts to what is left of them', async () => {
    const f = factory();
    const db = await f.open();
    const clock = new Clock();
    const app = makeApp(db, clock);
    try {
      const shop = await createTestShop(app);
      await secret(app, shop, 'POST', '/v1/distributors', { name: 'Ann', code: 'ANN' });
      const full = uid('o');
      const part = uid('o');
      for (const id of [full, part]) {
        const o = await secret(app, shop, 'POST', '/v1/orders', { id, currency: 'CNY', referralCode: 'ANN', region: 'ZJ', items: [{ sku: 'TEA', quantity: 2, unitPrice: 5_000 }] });
        expect(o.status).toBe(201);
      }
      expect((await secret(app, shop, 'POST', `/v1/orders/${full}/refunds`, { id: uid('r'), amount: 10_000 })).status).toBe(201);
      expect((await secret(app, shop, 'POST', `/v1/orders/${part}/refunds`, { id: uid('r'), items: [{ sku: 'TEA', quantity: 1 }] })).status).toBe(201);
      const read = async () => ({
        sales: (await db.kysely.selectFrom('daily_sales').select(['dim', 'key', 'orders', 'sales']).where('shop_id', '=', shop.id).where('dim', 'in', SALES_DIMS).orderBy('dim').orderBy('key').execute()).map((r) => ({ dim: r.dim, key: r.key, orders: Number(r.orders), sales: Number(r.sales) })),
        totals: (await db.kysely.selectFrom('distributor_totals' as never).select(['orders'] as never).where('shop_id' as never, '=', shop.id as never).execute()).map((r: any) => Number(r.orders)),
      });
      const right = await read();
      expect(right.sales.find((r) => r.dim === 'day')).toMatchObject({ orders: 1, sales: 5_000 });
      expect(right.totals).toEqual([1]);
      // what the code before 0022 left: both orders counted, and the item sales of both whole
      await db.kysely.updateTable('daily_sales').set({ orders: 2, sales: 20_000 }).where('shop_id', '=', shop.id).where('dim', 'in', SALES_DIMS).execute();
      await db.kysely.updateTable('distributor_totals' as never).set({ orders: 2 } as never).where('shop_id' as never, '=', shop.id as never).execute();
      expect((await read()).sales.find((r) => r.dim === 'day')).toMatchObject({ orders: 2, sales: 20_000 });
      // 0022 ran on the schema of its time, which still had the dashboard's day rollups (dropped by 0025)
      await sql`create table admin_daily (shop_id text)`.execute(db.kysely);
      await refundedOrdersToOneDefinition(db.kysely);
      await sql`drop table admin_daily`.execute(db.kysely);
      expect(await read()).toEqual(right);
    } finally {
      await app.close();
      await db.close();
      await f.cleanup();
    }
  });
});
