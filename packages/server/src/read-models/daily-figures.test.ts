import type { CommissionEvaluation } from '@twotier/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../db';
import type { DailySalesTable } from '../db/extension-schema';
import type { CommissionTable, OrderTable } from '../db/schema';
import { addToRollups, refundedInFull, salesOnOrders, salesOnRefund } from '../stats/rollups';
import { utcDay } from '../util/time';
import { dayFigures, figureTotals, figuresOnOrders, figuresOnRefund, figuresOnSettled, figuresOnWithdrawalPaid, type DayFigures } from './daily-figures';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T09:00:00Z');

/**
 * A random history of one shop in two currencies: orders (attributed or
 * not, with level 1 and 2 commissions), refunds by amount reversing part of
 * each commission (from pending, or from available once settled),
 * settlements, withdrawals paid. The rows the events give, added up, must be
 * the figures worked out from the final rows, currency by currency, day by
 * day, in whole minor units.
 */
const history = fc.record({
  orders: fc.array(
    fc.record({
      currency: fc.constantFrom('CNY', 'USD'),
      createdDay: fc.integer({ min: 0, max: 3 }),
      placedDaysBefore: fc.integer({ min: 0, max: 2 }),
      base: fc.integer({ min: 0, max: 40_000 }),
      extra: fc.integer({ min: 0, max: 2_000 }),
      attributed: fc.boolean(),
      levels: fc.array(fc.integer({ min: 1, max: 5_000 }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  ops: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('refund' as const), order: fc.nat(), amount: fc.integer({ min: 1, max: 50_000 }), percent: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('settle' as const), order: fc.nat() }),
      fc.record({ kind: fc.constant('paid' as const), currency: fc.constantFrom('CNY', 'USD'), amount: fc.integer({ min: 1, max: 9_000 }), day: fc.integer({ min: 0, max: 4 }) }),
    ),
    { maxLength: 20 },
  ),
});
type History = typeof history extends fc.Arbitrary<infer H> ? H : never;

interface Played {
  rows: DailySalesTable[];
  orders: { order: OrderTable; commissions: CommissionTable[] }[];
  paid: { currency: string; amount: number; at: number }[];
}

/** Plays a history as the services would, returning the rows its events give and the final state of the rows. */
function play(shopId: string, h: History): Played {
  const rows: DailySalesTable[] = [];
  const orders = h.orders.map((o, i) => {
    const createdAt = T0 + o.createdDay * DAY + i * 1_000;
    const totalPaid = o.base + o.extra;
    const evaluation = { base: o.base, totalPaid, lineBases: [o.base], commissions: [], notPaid: [] } as CommissionEvaluation;
    const order = {
      shop_id: shopId, id: `o${i}`, request_hash: '', currency: o.currency, body: JSON.stringify({ items: [{ sku: 'TEA', quantity: 1 }] }),
      base: o.base, total_paid: totalPaid, refunded: 0, customer_key: null, visitor_id: null, region: 'CN-ZJ',
      distributor_id: o.attributed ? 'd1' : null, attribution: null, evaluation: JSON.stringify(evaluation), not_paid: '[]',
      placed_at: createdAt - o.placedDaysBefore * DAY, created_at: createdAt,
    } satisfies OrderTable;
    const commissions = (o.attributed ? o.levels : []).map((amount, l): CommissionTable => ({
      shop_id: shopId, id: `c${i}_${l}`, order_id: order.id, distributor_id: `d${l + 1}`, level: l + 1, currency: o.currency,
      amount, reversed: 0, status: 'pending', explanation: '{}', available_at: createdAt, created_at: createdAt,
    }));
    const recorded = [{ shopCurrency: 'CNY', order: { ...order }, commissions: commissions.map((c) => ({ ...c })), evaluation }];
    rows.push(...salesOnOrders(recorded), ...figuresOnOrders(recorded));
    return { order, commissions, refunds: [] as { amount: number }[] };
  });
  const paid: Played['paid'] = [];
  for (const op of h.ops) {
    if (op.kind === 'paid') {
      const at = T0 + op.day * DAY + 3_600_000;
      paid.push({ currency: op.currency, amount: op.amount, at });
      rows.push(...figuresOnWithdrawalPaid({ type: 'withdrawal.paid', shopId, currency: op.currency, amount: op.amount, at }));
      continue;
    }
    const o = orders[op.order % orders.length]!;
    if (op.kind === 'settle') {
      const settled = o.commissions.filter((c) => c.status === 'pending');
      for (const c of settled) c.status = 'available';
      rows.push(...figuresOnSettled({ type: 'commissions.settled', commissions: settled.map((c) => ({ shopId, level: c.level, currency: c.currency, createdAt: c.created_at, net: c.amount - c.reversed })) }));
      continue;
    }
    const before = o.order.refunded;
    const amount = Math.min(op.amount, o.order.total_paid - before);
    if (amount <= 0) continue;
    const reversals = o.commissions.map((c) => {
      const take = Math.min(c.amount - c.reversed, Math.floor((c.amount * op.percent) / 100));
      const r = { distributorId: c.distributor_id, level: c.level, amount: take, clawback: c.status === 'available' };
      c.reversed += take;
      if (c.reversed >= c.amount) c.status = 'reversed';
      return r;
    });
    const event = { order: { ...o.order }, previous: [...o.refunds], refund: { amount }, refundedBefore: before, refundedAfter: before + amount, reversals };
    rows.push(...salesOnRefund({ ...event, reversed: reversals.reduce((s, r) => s + r.amount, 0) }), ...figuresOnRefund(event));
    o.order.refunded = before + amount;
    o.refunds.push({ amount });
  }
  return { rows, orders, paid };
}

/** The day figures by their definition (docs/figures.md), from the final rows: currency → day → figures. */
function expectedDays(p: Played): Map<string, Map<string, DayFigures>> {
  const out = new Map<string, Map<string, DayFigures>>();
  const at = (currency: string, day: string) => {
    let days = out.get(currency);
    if (!days) out.set(currency, (days = new Map()));
    let f = days.get(day);
    if (!f) days.set(day, (f = { orders: 0, attributedOrders: 0, attributedRevenue: 0, pending: 0, available: 0, paid: 0 }));
    return f;
  };
  for (const { order, commissions } of p.orders) {
    const f = at(order.currency, utcDay(order.placed_at));
    const counted = refundedInFull(order.total_paid, order.refunded) ? 0 : 1;
    f.orders += counted;
    if (order.distributor_id) {
      f.attributedOrders += counted;
      f.attributedRevenue += order.total_paid - order.refunded;
    }
    for (const c of commissions) {
      const g = at(c.currency, utcDay(c.created_at));
      if (c.status === 'available') g.available += c.amount - c.reversed;
      else g.pending += c.amount - c.reversed;
    }
  }
  for (const w of p.paid) at(w.currency, utcDay(w.at)).paid += w.amount;
  return out;
}

/** Drops days whose figures are all 0 (a row of zeros shows nothing), sorted, as plain objects to compare. */
const shown = (m: Map<string, Map<string, DayFigures>>) =>
  Object.fromEntries(
    [...m]
      .map(([currency, days]) => [currency, Object.fromEntries([...days].filter(([, f]) => Object.values(f).some((n) => n !== 0)).sort(([a], [b]) => a.localeCompare(b)))] as const)
      .filter(([, days]) => Object.keys(days).length > 0),
  );

describe('the dashboard day figures (read-models/daily-figures.ts)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDatabase({ url: ':memory:' });
  });
  afterAll(async () => {
    await db.close();
  });

  test('the rows of every event, added up by the rollups, are the figures of the final rows, per currency and day, in whole minor units', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const shopId = `shop${run++}`;
        const p = play(shopId, h);
        for (const r of p.rows) for (const n of [r.orders, r.sales, r.revenue, r.commissions]) expect(Number.isSafeInteger(n)).toBe(true);
        await db.writeTx((tx) => addToRollups(tx, p.rows));
        const read = await dayFigures(db.kysely, shopId, '2026-01-01', '2026-12-31');
        expect(shown(read)).toEqual(shown(expectedDays(p)));

        // ever, per currency: commissions by level and status, what refunds reversed, what was paid out
        const totals = await figureTotals(db.kysely, shopId);
        for (const currency of ['CNY', 'USD']) {
          const commissions = p.orders.flatMap((o) => o.commissions).filter((c) => c.currency === currency);
          const t = totals.get(currency);
          for (const level of [1, 2]) {
            const mine = commissions.filter((c) => c.level === level);
            const l = t?.levels.get(level) ?? { pending: 0, available: 0, reversed: 0 };
            expect(l.pending + l.available + l.reversed).toBe(mine.reduce((s, c) => s + c.amount, 0));
            expect(l.reversed).toBe(mine.reduce((s, c) => s + c.reversed, 0));
            expect(l.available).toBe(mine.filter((c) => c.status === 'available').reduce((s, c) => s + c.amount - c.reversed, 0));
          }
          expect(t?.paid ?? 0).toBe(p.paid.filter((w) => w.currency === currency).reduce((s, w) => s + w.amount, 0));
        }
      }),
      { numRuns: 60 },
    );
  });

  test('an event gives rows in its own currencies only: nothing of one currency lands in another', () => {
    fc.assert(
      fc.property(history, (h) => {
        const p = play('s', h);
        const currencies = new Set<string>([...h.orders.map((o) => o.currency), ...h.ops.flatMap((op) => (op.kind === 'paid' ? [op.currency] : []))]);
        for (const r of p.rows) expect(currencies.has(r.currency)).toBe(true);
        // each order's rows carry its currency
        const one = play('s', { orders: h.orders.slice(0, 1), ops: [] });
        expect(new Set(one.rows.map((r) => r.currency))).toEqual(new Set([h.orders[0]!.currency]));
      }),
    );
  });

  test('a refund in full takes the order off its day, a clawback comes off available, settlement moves pending to available on the day earned', () => {
    const order = {
      shop_id: 's', id: 'o1', request_hash: '', currency: 'CNY', body: '{"items":[]}', base: 10_000, total_paid: 10_500, refunded: 0, customer_key: null, visitor_id: null,
      region: null, distributor_id: 'd1', attribution: null, evaluation: '{}', not_paid: '[]', placed_at: T0 - 2 * DAY, created_at: T0,
    } satisfies OrderTable;
    const full = figuresOnRefund({ order, refundedBefore: 500, refundedAfter: 10_500, reversals: [{ distributorId: 'd1', level: 1, amount: 950, clawback: true }] });
    expect(full).toEqual([
      { shop_id: 's', dim: 'all', day: '2026-02-27', key: '', currency: 'CNY', orders: -1, sales: 0, revenue: -10_000, commissions: 0 },
      { shop_id: 's', dim: 'available', day: '2026-03-01', key: '1', currency: 'CNY', orders: 0, sales: 0, revenue: 0, commissions: -950 },
      { shop_id: 's', dim: 'reversed', day: '2026-03-01', key: '1', currency: 'CNY', orders: 0, sales: 0, revenue: 0, commissions: 950 },
    ]);
    expect(figuresOnSettled({ type: 'commissions.settled', commissions: [{ shopId: 's', level: 2, currency: 'USD', createdAt: T0, net: 300 }] })).toEqual([
      { shop_id: 's', dim: 'pending', day: '2026-03-01', key: '2', currency: 'USD', orders: 0, sales: 0, revenue: 0, commissions: -300 },
      { shop_id: 's', dim: 'available', day: '2026-03-01', key: '2', currency: 'USD', orders: 0, sales: 0, revenue: 0, commissions: 300 },
    ]);
  });
});
