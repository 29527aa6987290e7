import { sql } from 'kysely';
import type { Executor } from '../db';
import type { DailySalesTable, FigureDimension } from '../db/extension-schema';
import { refundedInFull } from '../stats/rollups';
import { utcDay } from '../util/time';
import type { CommissionsSettled, OrdersRecorded, RefundRecorded, WithdrawalPaid } from './events';

/**
 * The dashboard's day figures (the Overview's KPIs and chart, Compliance's
 * money by level), kept in the daily rollup rows (`daily_sales`, dims
 * `all`, `pending`, `available`, `reversed`, `paid`; db/extension-schema.ts)
 * by the writes that change them, in their own transactions, beside the
 * attributed-sales dims of stats/rollups.ts. Attributed orders and their
 * revenue are the sales dim `day`'s. Nothing is recomputed when read.
 *
 * The functions named `figuresOn…` are pure: they turn an event into rows of
 * deltas, which read-models/index.ts adds with the sales rollups' rows of the
 * same event in one statement (stats/rollups.ts `addToRollups`). Every row
 * holds one currency: amounts of two currencies are never added.
 */

type Row = DailySalesTable;
const row = (shopId: string, dim: Row['dim'], day: string, key: string, currency: string, n: Partial<Pick<Row, 'orders' | 'revenue' | 'commissions'>>): Row => ({
  shop_id: shopId,
  dim,
  day,
  key,
  currency,
  orders: n.orders ?? 0,
  sales: 0,
  revenue: n.revenue ?? 0,
  commissions: n.commissions ?? 0,
});

/** The status a commission's money is counted in: pending until settlement makes it available (a reversed one keeps its last). */
const statusDim = (clawback: boolean): FigureDimension => (clawback ? 'available' : 'pending');

/**
 * `orders.recorded`: every order (attributed or not) counts on the day it was
 * placed (dim `all`: one order unless refunded in full, and what was paid),
 * and each commission adds its amount to its level's pending money on the
 * day it was earned.
 */
export function figuresOnOrders(orders: OrdersRecorded['orders']): Row[] {
  const rows: Row[] = [];
  for (const { order, commissions } of orders) {
    const paid = Number(order.total_paid);
    const refunded = Number(order.refunded);
    rows.push(row(order.shop_id, 'all', utcDay(Number(order.placed_at)), '', order.currency, { orders: refundedInFull(paid, refunded) ? 0 : 1, revenue: paid - refunded }));
    for (const c of commissions) {
      const day = utcDay(Number(c.created_at));
      rows.push(row(c.shop_id, statusDim(c.status === 'available'), day, String(c.level), c.currency, { commissions: Number(c.amount) - Number(c.reversed) }));
      if (Number(c.reversed) !== 0) rows.push(row(c.shop_id, 'reversed', day, String(c.level), c.currency, { commissions: Number(c.reversed) }));
    }
  }
  return rows;
}

/**
 * `refund.recorded`: the refunded money leaves the order's day (dim `all`),
 * an order refunded in full stops counting there, and each reversal moves
 * its amount from the commission's pending money (or available, for a
 * clawback) to `reversed`, on the day the commission was earned (with its
 * order).
 */
export function figuresOnRefund(event: Pick<RefundRecorded, 'order' | 'refundedBefore' | 'refundedAfter' | 'reversals'>): Row[] {
  const { order, refundedBefore, refundedAfter } = event;
  const paid = Number(order.total_paid);
  const rows: Row[] = [];
  const orders = (refundedInFull(paid, refundedAfter) ? 0 : 1) - (refundedInFull(paid, refundedBefore) ? 0 : 1);
  const revenue = refundedBefore - refundedAfter;
  if (orders !== 0 || revenue !== 0) rows.push(row(order.shop_id, 'all', utcDay(Number(order.placed_at)), '', order.currency, { orders, revenue }));
  const earnedOn = utcDay(Number(order.created_at));
  for (const r of event.reversals) {
    if (r.amount === 0) continue;
    rows.push(row(order.shop_id, statusDim(r.clawback), earnedOn, String(r.level), order.currency, { commissions: -r.amount }));
    rows.push(row(order.shop_id, 'reversed', earnedOn, String(r.level), order.currency, { commissions: r.amount }));
  }
  return rows;
}

/** `commissions.settled`: each settled commission's net moves from pending to available, on the day it was earned. */
export function figuresOnSettled(event: CommissionsSettled): Row[] {
  return event.commissions.flatMap((c) => {
    if (c.net === 0) return [];
    const day = utcDay(c.createdAt);
    return [row(c.shopId, 'pending', day, String(c.level), c.currency, { commissions: -c.net }), row(c.shopId, 'available', day, String(c.level), c.currency, { commissions: c.net })];
  });
}

/** `withdrawal.paid`: the amount is paid out on the day it was marked paid (dim `paid`). */
export function figuresOnWithdrawalPaid(event: WithdrawalPaid): Row[] {
  return [row(event.shopId, 'paid', utcDay(event.at), '', event.currency, { commissions: event.amount })];
}

/** One day's figures in one currency, minor units of it. */
export interface DayFigures {
  /** Orders not refunded in full, attributed or not. */
  orders: number;
  /** Attributed orders not refunded in full. */
  attributedOrders: number;
  /** What attributed orders paid less refunds. */
  attributedRevenue: number;
  /** Commissions earned that day, now pending or available, net of reversals. */
  pending: number;
  available: number;
  /** Withdrawals paid out that day. */
  paid: number;
}

const emptyDay = (): DayFigures => ({ orders: 0, attributedOrders: 0, attributedRevenue: 0, pending: 0, available: 0, paid: 0 });

/**
 * The day figures of a shop from day `from` to day `to` (`YYYY-MM-DD`, both
 * included), per currency, then per day: only days and currencies with
 * rows. One read of the rollups' primary key (a few rows per day), whatever
 * the number of orders.
 */
export async function dayFigures(db: Executor, shopId: string, from: string, to: string): Promise<Map<string, Map<string, DayFigures>>> {
  const rows = await db
    .selectFrom('daily_sales')
    .select(['dim', 'day', 'currency', sql<number>`sum(orders)`.as('orders'), sql<number>`sum(revenue)`.as('revenue'), sql<number>`sum(commissions)`.as('commissions')])
    .where('shop_id', '=', shopId)
    .where('dim', 'in', ['all', 'day', 'pending', 'available', 'paid'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['dim', 'day', 'currency'])
    .execute();
  const out = new Map<string, Map<string, DayFigures>>();
  for (const r of rows) {
    let days = out.get(r.currency);
    if (!days) out.set(r.currency, (days = new Map()));
    let f = days.get(r.day);
    if (!f) days.set(r.day, (f = emptyDay()));
    const [orders, revenue, commissions] = [Number(r.orders), Number(r.revenue), Number(r.commissions)];
    if (r.dim === 'all') f.orders += orders;
    else if (r.dim === 'day') {
      f.attributedOrders += orders;
      f.attributedRevenue += revenue;
    } else if (r.dim === 'pending') f.pending += commissions;
    else if (r.dim === 'available') f.available += commissions;
    else if (r.dim === 'paid') f.paid += commissions;
  }
  return out;
}

/** A level's commissions in one currency, ever: net of reversals by status, and what was reversed. */
export interface LevelFigures {
  pending: number;
  available: number;
  reversed: number;
}

/** A currency's commissions by level and what was paid out, ever. */
export interface CurrencyTotals {
  levels: Map<number, LevelFigures>;
  paid: number;
}

/** A shop's commission and payout totals per currency, summed over every day of the rollups (a few rows per day). */
export async function figureTotals(db: Executor, shopId: string): Promise<Map<string, CurrencyTotals>> {
  const rows = await db
    .selectFrom('daily_sales')
    .select(['dim', 'key', 'currency', sql<number>`sum(commissions)`.as('amount')])
    .where('shop_id', '=', shopId)
    .where('dim', 'in', ['pending', 'available', 'reversed', 'paid'])
    .groupBy(['dim', 'key', 'currency'])
    .execute();
  const out = new Map<string, CurrencyTotals>();
  for (const r of rows) {
    let t = out.get(r.currency);
    if (!t) out.set(r.currency, (t = { levels: new Map(), paid: 0 }));
    if (r.dim === 'paid') {
      t.paid += Number(r.amount);
      continue;
    }
    const level = Number(r.key);
    let l = t.levels.get(level);
    if (!l) t.levels.set(level, (l = { pending: 0, available: 0, reversed: 0 }));
    if (r.dim === 'pending' || r.dim === 'available' || r.dim === 'reversed') l[r.dim] += Number(r.amount);
  }
  return out;
}
