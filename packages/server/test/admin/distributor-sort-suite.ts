import { afterAll, beforeAll, expect, it } from 'vitest';
import { rebuildDistributorCounts } from '../../src/read-models/distributor-counts';
import { rebuildDistributorTotals } from '../../src/read-models/distributor-totals';
import type { TwotierApp } from '../../src/app';
import type { Db } from '../../src/db';
import { browser, Clock, createTestShop, makeApp, secret, uid, type DbFactory, type TestShop } from '../harness';

interface Row {
  id: string;
  code: string;
  sales: number;
  commissions: number;
  recruits: number;
  orders: number;
  lastActivityAt: string | null;
}

/** The distributors table sorted by its totals, paged by keyset across ties, kept right by refunds, moves and clicks. */
export function distributorSortSuite(factory: () => DbFactory): void {
  const f = factory();
  let db: Db;
  let app: TwotierApp;
  let shop: TestShop;
  const clock = new Clock();
  const orderOf = new Map<string, string>();

  /** Every page of `sort`, `limit` rows at a time, following nextCursor. */
  const allPages = async (sort: string, limit: number): Promise<Row[]> => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await secret(app, shop, 'GET', `/v1/admin/reports/distributors?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(limit);
      rows.push(...res.body.data);
      cursor = res.body.nextCursor;
      if (!cursor) return rows;
    }
    throw new Error('paging did not end');
  };
  /** The expected order: by the value, then by id, both in the same direction. */
  const sorted = (rows: Row[], value: (r: Row) => number, desc: boolean) =>
    [...rows].sort((a, b) => (value(a) - value(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * (desc ? -1 : 1));

  beforeAll(async () => {
    db = await f.open();
    app = makeApp(db, clock);
    shop = await createTestShop(app);
    // ANN recruits BO and CY; S1-S3 tie on sales, S4 sells most, S5 and S6 sell nothing
    for (const [code, parentCode] of [['ANN'], ['BO', 'ANN'], ['CY', 'ANN'], ['S1'], ['S2'], ['S3'], ['S4', 'BO'], ['S5'], ['S6']] as const) {
      expect((await secret(app, shop, 'POST', '/v1/distributors', { name: code, code, ...(parentCode ? { parentCode } : {}) })).status).toBe(201);
    }
    for (const [code, price] of [['S1', 5_000], ['S2', 5_000], ['S3', 5_000], ['S4', 20_000], ['BO', 3_000]] as const) {
      const id = uid('o');
      orderOf.set(code, id);
      expect((await secret(app, shop, 'POST', '/v1/orders', { id, currency: 'CNY', referralCode: code, items: [{ sku: 'TEA', quantity: 1, unitPrice: price }] })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await f.cleanup();
  });

  it('pages by sales, descending and ascending, across ties without skipping or repeating a row', async () => {
    const desc = await allPages('-sales', 2);
    expect(desc).toHaveLength(9);
    expect(new Set(desc.map((r) => r.id)).size).toBe(9);
    expect(desc.map((r) => r.id)).toEqual(sorted(desc, (r) => r.sales, true).map((r) => r.id));
    expect(desc[0]).toMatchObject({ code: 'S4', sales: 20_000, orders: 1 });
    expect(desc.slice(1, 4).map((r) => r.sales)).toEqual([5_000, 5_000, 5_000]);
    const asc = await allPages('sales', 4);
    expect(asc.map((r) => r.id)).toEqual([...desc].reverse().map((r) => r.id));
  });

  it('re-sorts after a refund: S4 drops below the ties, its commission and its upline\'s shrink', async () => {
    expect((await secret(app, shop, 'POST', `/v1/orders/${orderOf.get('S4')}/refunds`, { id: uid('rf'), amount: 18_000 })).status).toBe(201);
    const rows = await allPages('-sales', 3);
    expect(rows.map((r) => r.id)).toEqual(sorted(rows, (r) => r.sales, true).map((r) => r.id));
    const s4 = rows.find((r) => r.code === 'S4')!;
    expect(s4).toMatchObject({ sales: 2_000, commissions: 200 });
    expect(rows.findIndex((r) => r.code === 'S4')).toBeGreaterThan(rows.findIndex((r) => r.code === 'S3'));
    // BO: its own 3,000 sale (300) and S4's level 2 (1,000, 900 reversed)
    expect(rows.find((r) => r.code === 'BO')).toMatchObject({ sales: 3_000, commissions: 300 + 100 });
  });

  it('sorts by commissions, recruits and last activity, following parent moves and clicks', async () => {
    const ids = new Map((await allPages('code', 50)).map((r) => [r.code, r.id]));
    expect((await secret(app, shop, 'PATCH', `/v1/distributors/${ids.get('S5')}`, { parentId: ids.get('S6') })).status).toBe(200);
    expect((await secret(app, shop, 'PATCH', `/v1/distributors/${ids.get('CY')}`, { parentId: ids.get('S6') })).status).toBe(200);
    const recruits = await allPages('-recruits', 2);
    expect(recruits.map((r) => r.id)).toEqual(sorted(recruits, (r) => r.recruits, true).map((r) => r.id));
    expect(recruits[0]).toMatchObject({ code: 'S6', recruits: 2 });
    expect(recruits.find((r) => r.code === 'ANN')).toMatchObject({ recruits: 1 });
    const commissions = await allPages('-commissions', 2);
    expect(commissions.map((r) => r.id)).toEqual(sorted(commissions, (r) => r.commissions, true).map((r) => r.id));
    clock.advanceDays(1);
    const click = await browser(app, 'POST', '/v1/track/click', { key: shop.pk, code: 'S5', visitorId: 'visitor_sort_01', eventId: 'event_sort_0001', url: 'https://shop.example/' });
    expect(click.status).toBeLessThan(300);
    const active = await allPages('-lastActivity', 4);
    expect(active[0]).toMatchObject({ code: 'S5', lastActivityAt: clock.now().toISOString() });
    const time = (r: Row) => (r.lastActivityAt ? Date.parse(r.lastActivityAt) : 0);
    expect(active.map((r) => r.id)).toEqual(sorted(active, time, true).map((r) => r.id));
  });

  it('keeps totals equal to a recomputation from the rows, and refuses an unknown sort or a foreign cursor', async () => {
    const kept = await db.kysely.selectFrom('distributor_totals').selectAll().where('shop_id', '=', shop.id).orderBy('distributor_id').execute();
    await rebuildDistributorTotals(db.kysely, shop.id);
    const rebuilt = await db.kysely.selectFrom('distributor_totals').selectAll().where('shop_id', '=', shop.id).orderBy('distributor_id').execute();
    expect(kept).toHaveLength(9);
    expect(rebuilt.map((r) => JSON.stringify(Object.values(r as object).map(String)))).toEqual(kept.map((r) => JSON.stringify(Object.values(r as object).map(String))));
    // the per-status counts behind the table's total, likewise
    const counts = () => db.kysely.selectFrom('distributor_counts').select(['status', 'n']).where('shop_id', '=', shop.id).orderBy('status').execute();
    expect((await secret(app, shop, 'PATCH', `/v1/distributors/${kept[0] && (kept[0] as { distributor_id: string }).distributor_id}`, { status: 'suspended' })).status).toBe(200);
    const keptCounts = (await counts()).map((r) => JSON.stringify(Object.values(r as object).map(String)));
    expect(keptCounts).toEqual([JSON.stringify(['active', String(kept.length - 1)]), JSON.stringify(['suspended', '1'])]);
    expect((await secret(app, shop, 'GET', '/v1/admin/reports/distributors?limit=1&status=suspended')).body.total).toBe(1);
    await rebuildDistributorCounts(db.kysely, shop.id);
    expect((await counts()).map((r) => JSON.stringify(Object.values(r as object).map(String)))).toEqual(keptCounts);
    const all = await secret(app, shop, 'GET', '/v1/admin/reports/distributors?limit=1');
    expect(all.body.total).toBe(kept.length);
    expect((await secret(app, shop, 'GET', '/v1/admin/reports/distributors?sort=-email')).status).toBeGreaterThanOrEqual(400);
    const byName = await secret(app, shop, 'GET', '/v1/admin/reports/distributors?sort=name&limit=1');
    expect((await secret(app, shop, 'GET', `/v1/admin/reports/distributors?sort=-sales&cursor=${byName.body.nextCursor}`)).status).toBe(400);
  });
}
