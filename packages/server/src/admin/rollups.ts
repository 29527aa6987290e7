import { sql } from 'kysely';
import type { Db } from '../db';
import { clicksByDay } from '../stats/click-counts';
import { DAY_MS } from '../util/time';
import type { AdminDailyTable } from './schema';

const DAY = sql.lit(DAY_MS);
/** An order whose refunds reach what was paid: not counted as an order (docs/figures.md), its revenue is 0 anyway. */
export const REFUNDED_IN_FULL = sql.raw('(refunded > 0 and refunded >= total_paid)');
/** Commissions are bucketed by the hour their hold ends, so only the current hour is read live. */
export const HOUR_MS = 3_600_000;
const HOUR = sql.lit(HOUR_MS);
/** An unfinished day (today) is recomputed at most this often; new and refunded orders are picked up at once regardless. */
export const UNFINISHED_DAY_TTL_MS = 5_000;
/** Day numbers (ms / DAY_MS) recomputed at most in one statement group. */
const RANGE_DAYS = 400;

/**
 * A day's commissions in the rollup: by the hour their hold ends
 * (ms / {@link HOUR_MS}), then by level, `[earned, reversed]` minor units.
 */
export type CommissionBuckets = Record<string, Record<string, [number, number]>>;

/** Groups sorted day numbers into runs of consecutive days `[from, to]`. */
const runs = (days: number[]): [number, number][] => {
  const out: [number, number][] = [];
  for (const d of [...new Set(days)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && d === last[1] + 1 && d - last[0] < RANGE_DAYS) last[1] = d;
    else out.push([d, d]);
  }
  return out;
};

/** Recomputes the rollup rows of days `[first, last]` from the orders and commissions in `currency` (the shop's default) and the clicks. */
async function computeDays(db: Db, shopId: string, currency: string, first: number, last: number, now: number): Promise<void> {
  const k = db.kysely;
  const from = first * DAY_MS;
  const to = (last + 1) * DAY_MS;
  const [orders, commissions, clicks] = await Promise.all([
    k.selectFrom('orders')
      .select([sql<number>`placed_at / ${DAY}`.as('day'), sql<number>`coalesce(sum(case when ${REFUNDED_IN_FULL} then 0 else 1 end), 0)`.as('n'),
        sql<number>`coalesce(sum(case when distributor_id is null or ${REFUNDED_IN_FULL} then 0 else 1 end), 0)`.as('attributed'),
        sql<number>`coalesce(sum(case when distributor_id is not null then total_paid - refunded else 0 end), 0)`.as('revenue')])
      .where('shop_id', '=', shopId).where('currency', '=', currency).where('placed_at', '>=', from).where('placed_at', '<', to).groupBy(sql`placed_at / ${DAY}`).execute(),
    k.selectFrom('commissions')
      .select([sql<number>`created_at / ${DAY}`.as('day'), sql<number>`available_at / ${HOUR}`.as('avail'), 'level',
        sql<number>`coalesce(sum(amount), 0)`.as('earned'), sql<number>`coalesce(sum(reversed), 0)`.as('reversed')])
      .where('shop_id', '=', shopId).where('currency', '=', currency).where('created_at', '>=', from).where('created_at', '<', to)
      .groupBy([sql`created_at / ${DAY}`, sql`available_at / ${HOUR}`, 'level']).execute(),
    // the click rollups, not the raw clicks: they are cheap and outlive the pruning of old clicks
    clicksByDay(k, shopId, from, to),
  ]);
  const rows = new Map<number, AdminDailyTable & { c: CommissionBuckets }>();
  const row = (day: number) => {
    let r = rows.get(day);
    if (!r) rows.set(day, (r = { shop_id: shopId, day, clicks: 0, orders: 0, attributed_orders: 0, revenue: 0, commissions: '{}', computed_at: now, c: {} }));
    return r;
  };
  for (let d = first; d <= last; d++) row(d);
  for (const o of orders) Object.assign(row(Number(o.day)), { orders: Number(o.n), attributed_orders: Number(o.attributed), revenue: Number(o.revenue) });
  for (const c of commissions) {
    const bucket = (row(Number(c.day)).c[String(Number(c.avail))] ??= {});
    bucket[String(c.level)] = [Number(c.earned), Number(c.reversed)];
  }
  for (const t of clicks) row(Number(t.day)).clicks = Number(t.n);
  const values = [...rows.values()].map(({ c, ...r }) => ({ ...r, commissions: JSON.stringify(c) }));
  await db.writeTx(async (tx) => {
    for (let i = 0; i < values.length; i += 100) {
      await tx
        .insertInto('admin_daily')
        .values(values.slice(i, i + 100))
        .onConflict((oc) =>
          oc.columns(['shop_id', 'day']).doUpdateSet((eb) => ({
            clicks: eb.ref('excluded.clicks'),
            orders: eb.ref('excluded.orders'),
            attributed_orders: eb.ref('excluded.attributed_orders'),
            revenue: eb.ref('excluded.revenue'),
            commissions: eb.ref('excluded.commissions'),
            computed_at: eb.ref('excluded.computed_at'),
          })),
        )
        .execute();
    }
  });
}

/**
 * Brings a shop's daily rollups up to date for days `[firstDay, lastDay]`
 * and returns their rows. A day is recomputed when it was computed before
 * it ended (today: at most every {@link UNFINISHED_DAY_TTL_MS}, for new clicks), when an order was recorded since (a late
 * `placedAt` lands in an old day), or when a refund touched one of its
 * orders; every other day is read as stored. The first call computes
 * every day of the range once. Money (revenue, commissions) and orders are
 * the shop's default currency's only: other currencies are never added in.
 */
export async function dailyRollups(db: Db, shop: { id: string; currency: string }, firstDay: number, lastDay: number, now: number): Promise<AdminDailyTable[]> {
  const shopId = shop.id;
  const a = db.kysely;
  const state = await a.selectFrom('admin_rollup_state').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  const ordersUpto = Number(state?.orders_upto ?? -1);
  const refundsUpto = Number(state?.refunds_upto ?? -1);
  const [stale, newOrders, newRefunds, stored] = await Promise.all([
    a.selectFrom('admin_daily').select('day').where('shop_id', '=', shopId).where('day', '>=', firstDay).where('day', '<=', lastDay)
      .where((eb) => eb('computed_at', '<', sql<number>`(cast(day as bigint) + 1) * ${DAY}`))
      .where('computed_at', '<', now - UNFINISHED_DAY_TTL_MS).execute(),
    db.kysely.selectFrom('orders').select([sql<number>`placed_at / ${DAY}`.as('placed'), sql<number>`created_at / ${DAY}`.as('created'), sql<number>`max(created_at)`.as('upto')])
      .where('shop_id', '=', shopId).where('created_at', '>', ordersUpto).groupBy([sql`placed_at / ${DAY}`, sql`created_at / ${DAY}`]).limit(5000).execute(),
    db.kysely.selectFrom('refunds as r').innerJoin('orders as o', (j) => j.onRef('o.shop_id', '=', 'r.shop_id').onRef('o.id', '=', 'r.order_id'))
      .select([sql<number>`o.placed_at / ${DAY}`.as('placed'), sql<number>`o.created_at / ${DAY}`.as('created'), sql<number>`max(r.created_at)`.as('upto')])
      .where('r.shop_id', '=', shopId).where('r.created_at', '>', refundsUpto).groupBy([sql`o.placed_at / ${DAY}`, sql`o.created_at / ${DAY}`]).limit(5000).execute(),
    a.selectFrom('admin_daily').select('day').where('shop_id', '=', shopId).where('day', '>=', firstDay).where('day', '<=', lastDay).execute(),
  ]);
  const have = new Set(stored.map((r) => Number(r.day)));
  const dirty: number[] = stale.map((r) => Number(r.day));
  for (let d = firstDay; d <= lastDay; d++) if (!have.has(d)) dirty.push(d);
  // a shop's first rollup: the watermarks start at its newest order and refund, computed with the range
  let truncatedUpto: { orders: number; refunds: number } | null = null;
  if (state && (newOrders.length === 5000 || newRefunds.length === 5000)) {
    // too many changed days to list: forget every stored day, recompute on demand
    await db.writeTx((tx) => tx.deleteFrom('admin_daily').where('shop_id', '=', shopId).execute());
    for (let d = firstDay; d <= lastDay; d++) dirty.push(d);
    const [o, r] = await Promise.all([
      db.kysely.selectFrom('orders').select((eb) => eb.fn.max('created_at').as('m')).where('shop_id', '=', shopId).executeTakeFirst(),
      db.kysely.selectFrom('refunds').select((eb) => eb.fn.max('created_at').as('m')).where('shop_id', '=', shopId).executeTakeFirst(),
    ]);
    truncatedUpto = { orders: Number(o?.m ?? 0), refunds: Number(r?.m ?? 0) };
  } else if (state) {
    for (const o of [...newOrders, ...newRefunds]) dirty.push(Number(o.placed), Number(o.created));
  }
  for (const [from, to] of runs(dirty)) await computeDays(db, shopId, shop.currency, from, to, now);
  const nextOrders = truncatedUpto?.orders ?? Math.max(ordersUpto, 0, ...newOrders.map((o) => Number(o.upto)));
  const nextRefunds = truncatedUpto?.refunds ?? Math.max(refundsUpto, 0, ...newRefunds.map((o) => Number(o.upto)));
  if (!state || nextOrders !== ordersUpto || nextRefunds !== refundsUpto) {
    await db.writeTx((tx) =>
      tx
        .insertInto('admin_rollup_state')
        .values({ shop_id: shopId, orders_upto: nextOrders, refunds_upto: nextRefunds })
        .onConflict((oc) => oc.column('shop_id').doUpdateSet({ orders_upto: nextOrders, refunds_upto: nextRefunds }))
        .execute(),
    );
  }
  return a.selectFrom('admin_daily').selectAll().where('shop_id', '=', shopId).where('day', '>=', firstDay).where('day', '<=', lastDay).orderBy('day').execute();
}
