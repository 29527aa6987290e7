import { evaluationFromStored, type CommissionEvaluation, type StoredLevel } from '@twotier/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { Clock, createTestShop, makeApp, postgresFactory, postgresReachable, secret, sqliteFactory, type DbFactory, type TestShop } from './harness';

// CI requires PostgreSQL (as postgres.test.ts does); elsewhere its run is skipped when none answers
const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);
const factories: (() => DbFactory)[] = [sqliteFactory, ...(pgReachable ? [postgresFactory] : [])];

/**
 * An order's row keeps only its part of the evaluation (each level's
 * explanation lives in its commission's row); rows written before hold the
 * whole evaluation. Refunds of either kind reverse the same amounts.
 */
describe.each(factories.map((f) => [f().name, f] as const))('stored evaluations on %s', (_name, factory) => {
  const f = factory();
  let db: Db;
  let app: TwotierApp;
  let shop: TestShop;
  const clock = new Clock();

  beforeAll(async () => {
    db = await f.open();
    app = makeApp(db, clock);
    shop = await createTestShop(app);
    expect((await secret(app, shop, 'POST', '/v1/distributors', { name: 'Pat', code: 'PAT' })).status).toBe(201);
    expect((await secret(app, shop, 'POST', '/v1/distributors', { name: 'Ann', code: 'ANN', parentCode: 'PAT' })).status).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await f.cleanup();
  });

  const order = (id: string) => ({
    id,
    currency: 'CNY',
    referralCode: 'ANN',
    discount: 333,
    items: [
      { sku: 'tea', unitPrice: 12_345, quantity: 3 },
      { sku: 'cup', unitPrice: 2_999, quantity: 2 },
    ],
  });
  const row = (id: string) => db.kysely.selectFrom('orders').select(['evaluation', 'not_paid']).where('shop_id', '=', shop.id).where('id', '=', id).executeTakeFirstOrThrow();

  it('keeps base, paid and line bases in the order row, and the whole evaluation comes back from the commission rows', async () => {
    const made = await secret(app, shop, 'POST', '/v1/orders', order('o-new'));
    expect(made.status).toBe(201);
    const stored = JSON.parse((await row('o-new')).evaluation) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['base', 'lineBases', 'totalPaid']);
    const commissions = await db.kysely.selectFrom('commissions').selectAll().where('shop_id', '=', shop.id).where('order_id', '=', 'o-new').execute();
    const whole = evaluationFromStored(
      stored as never,
      commissions.map((c): StoredLevel => ({ amount: Number(c.amount), explanation: JSON.parse(c.explanation) as StoredLevel['explanation'] })),
      [],
    );
    expect(whole.commissions.map((c) => [c.level, c.amount])).toEqual(made.body.commissions.map((c: { level: number; amount: number }) => [c.level, c.amount]));
    expect(whole.commissions.map((c) => c.lines.length)).toEqual([2, 2]);
    // the first answer is made from the objects just stored, a replay's from the rows: the same answer
    const replay = await secret(app, shop, 'POST', '/v1/orders', order('o-new'));
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(made.body);
    expect(made.body.commissions[0].explanation.lines).toHaveLength(2);
  });

  it('refunds an order whose row holds the whole evaluation (written before) exactly as one whose row holds its part', async () => {
    expect((await secret(app, shop, 'POST', '/v1/orders', order('o-part'))).status).toBe(201);
    expect((await secret(app, shop, 'POST', '/v1/orders', order('o-whole'))).status).toBe(201);
    // o-whole as an older server wrote it: the whole evaluation in the order's row
    const commissions = await db.kysely.selectFrom('commissions').selectAll().where('shop_id', '=', shop.id).where('order_id', '=', 'o-whole').execute();
    const part = await row('o-whole');
    const whole: CommissionEvaluation = evaluationFromStored(
      JSON.parse(part.evaluation) as never,
      commissions.map((c): StoredLevel => ({ amount: Number(c.amount), explanation: JSON.parse(c.explanation) as StoredLevel['explanation'] })),
      JSON.parse(part.not_paid) as CommissionEvaluation['notPaid'],
    );
    await db.writeTx((tx) => tx.updateTable('orders').set({ evaluation: JSON.stringify(whole) }).where('shop_id', '=', shop.id).where('id', '=', 'o-whole').execute());

    const reversals = [];
    for (const id of ['o-part', 'o-whole']) {
      const first = await secret(app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r1`, items: [{ sku: 'tea', quantity: 1 }] });
      const second = await secret(app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r2`, amount: 4_321 });
      expect([first.status, second.status]).toEqual([201, 201]);
      reversals.push([first.body.reversals, second.body.reversals].map((list: { level: number; amount: number; cumulative: number }[]) => list.map((r) => [r.level, r.amount, r.cumulative])));
    }
    expect(reversals[0]![0]!.length).toBe(2);
    expect(reversals[0]![0]![0]![1]).toBeGreaterThan(0);
    expect(reversals[1]).toEqual(reversals[0]);
  });
});
