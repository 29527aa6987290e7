import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Executor } from '../db';
import { refundedInFull } from '../stats/rollups';
import type { DistributorAdded, DistributorMoved, OrdersRecorded, RefundRecorded } from './events';

export type { DistributorTotalsTable } from '../db/admin-tables';

/** A change to one distributor's totals: amounts are added, `lastActivityAt` only ever moves forward. */
export interface TotalsDelta {
  distributorId: string;
  sales?: number;
  orders?: number;
  commissions?: number;
  recruits?: number;
  lastActivityAt?: number;
}

/**
 * Applies deltas to distributors' totals in the caller's transaction (one
 * upsert; deltas for the same distributor are merged, rows in id order).
 */
export async function bumpTotals(tx: Executor, shopId: string, deltas: TotalsDelta[]): Promise<void> {
  const merged = new Map<string, Required<TotalsDelta>>();
  for (const d of deltas) {
    const m = merged.get(d.distributorId) ?? { distributorId: d.distributorId, sales: 0, orders: 0, commissions: 0, recruits: 0, lastActivityAt: 0 };
    m.sales += d.sales ?? 0;
    m.orders += d.orders ?? 0;
    m.commissions += d.commissions ?? 0;
    m.recruits += d.recruits ?? 0;
    m.lastActivityAt = Math.max(m.lastActivityAt, d.lastActivityAt ?? 0);
    merged.set(d.distributorId, m);
  }
  if (merged.size === 0) return;
  const rows = [...merged.values()].sort((a, b) => (a.distributorId < b.distributorId ? -1 : 1));
  const values = sql.join(rows.map((r) => sql`(${shopId}, ${r.distributorId}, ${r.sales}, ${r.orders}, ${r.commissions}, ${r.recruits}, ${r.lastActivityAt})`));
  await sql`insert into distributor_totals (shop_id, distributor_id, sales, orders, commissions, recruits, last_activity_at) values ${values}
    on conflict (shop_id, distributor_id) do update set
      sales = distributor_totals.sales + excluded.sales,
      orders = distributor_totals.orders + excluded.orders,
      commissions = distributor_totals.commissions + excluded.commissions,
      recruits = distributor_totals.recruits + excluded.recruits,
      last_activity_at = case when excluded.last_activity_at > distributor_totals.last_activity_at then excluded.last_activity_at else distributor_totals.last_activity_at end`.execute(tx);
}

/**
 * `orders.recorded`: an attributed order in the shop's default currency adds
 * its sales (net of refunds) and one order to its distributor, and each of
 * its commissions adds to its earner; an order in another currency moves
 * only the distributor's last activity (money is never added across
 * currencies). One upsert per shop, shops in the order they first appear.
 */
export async function totalsOnOrdersRecorded(tx: Executor, event: OrdersRecorded): Promise<void> {
  const byShop = new Map<string, TotalsDelta[]>();
  for (const { shopCurrency, order, commissions } of event.orders) {
    const inDefault = order.currency === shopCurrency;
    let deltas = byShop.get(order.shop_id);
    if (!deltas) byShop.set(order.shop_id, (deltas = []));
    if (order.distributor_id) {
      deltas.push({ distributorId: order.distributor_id, sales: inDefault ? Number(order.total_paid) - Number(order.refunded) : 0, orders: inDefault ? 1 : 0, lastActivityAt: Number(order.placed_at) });
    }
    if (inDefault) for (const c of commissions) deltas.push({ distributorId: c.distributor_id, commissions: Number(c.amount) - Number(c.reversed) });
  }
  for (const [shopId, deltas] of byShop) await bumpTotals(tx, shopId, deltas);
}

/**
 * `refund.recorded` (default currency only): the refunded money leaves the
 * distributor's sales, an order refunded in full stops counting
 * (docs/figures.md), and each reversal leaves its earner's commissions.
 */
export async function totalsOnRefundRecorded(tx: Executor, event: RefundRecorded): Promise<void> {
  const { order, refundedBefore, refundedAfter } = event;
  if (order.currency !== event.shopCurrency) return;
  const paid = Number(order.total_paid);
  await bumpTotals(tx, order.shop_id, [
    ...(order.distributor_id
      ? [{ distributorId: order.distributor_id, sales: refundedBefore - refundedAfter, orders: refundedInFull(paid, refundedAfter) && !refundedInFull(paid, refundedBefore) ? -1 : 0 }]
      : []),
    ...event.reversals.map((r) => ({ distributorId: r.distributorId, commissions: -r.amount })),
  ]);
}

/** `distributor.added`: the new distributor's row, and one recruit more for its parent. */
export async function totalsOnDistributorAdded(tx: Executor, event: DistributorAdded): Promise<void> {
  await bumpTotals(tx, event.shopId, [{ distributorId: event.distributorId }, ...(event.parentId ? [{ distributorId: event.parentId, recruits: 1 }] : [])]);
}

/** `distributor.moved`: one recruit less for the old parent, one more for the new. */
export async function totalsOnDistributorMoved(tx: Executor, event: DistributorMoved): Promise<void> {
  await bumpTotals(tx, event.shopId, [...(event.from ? [{ distributorId: event.from, recruits: -1 }] : []), ...(event.to ? [{ distributorId: event.to, recruits: 1 }] : [])]);
}

/** The latest of the new clicks per shop and code, in a fixed order. Shared by both click write paths. */
export function latestClickPerCode(clicks: { shopId: string; code: string; at: number }[]): { shopId: string; code: string; at: number }[] {
  const latest = new Map<string, { shopId: string; code: string; at: number }>();
  for (const c of clicks) {
    const k = `${c.shopId}\u0000${c.code}`;
    const l = latest.get(k);
    if (!l || c.at > l.at) latest.set(k, { shopId: c.shopId, code: c.code, at: c.at });
  }
  return [...latest.keys()].sort().map((k) => latest.get(k)!);
}

/** Moves the last activity of the clicked distributors forward: the statements, one indexed upsert per shop and code, in a fixed order. */
export function clickActivity(qb: Executor, clicks: readonly { shop: { id: string }; code: string; at: number }[]): CompiledQuery[] {
  return latestClickPerCode(clicks.map((c) => ({ shopId: c.shop.id, code: c.code, at: c.at }))).map((l) =>
    sql`insert into distributor_totals (shop_id, distributor_id, sales, orders, commissions, recruits, last_activity_at)
      select shop_id, id, 0, 0, 0, 0, ${l.at} from distributors where shop_id = ${l.shopId} and code = ${l.code}
      on conflict (shop_id, distributor_id) do update set last_activity_at =
        case when excluded.last_activity_at > distributor_totals.last_activity_at then excluded.last_activity_at else distributor_totals.last_activity_at end`.compile(qb),
  );
}

/**
 * Recomputes the totals of every distributor (of one shop, or all) from the
 * orders and commissions in the shop's default currency, recruits and
 * clicks: grouped scans, one statement.
 */
export async function rebuildDistributorTotals(db: Kysely<any>, shopId?: string): Promise<void> {
  const where = shopId === undefined ? sql`where 1 = 1` : sql`where d.shop_id = ${shopId}`;
  const only = (col: string) => (shopId === undefined ? sql`` : sql`and ${sql.ref(col)} = ${shopId}`);
  await sql`insert into distributor_totals (shop_id, distributor_id, sales, orders, commissions, recruits, last_activity_at)
    select d.shop_id, d.id, coalesce(o.sales, 0), coalesce(o.n, 0), coalesce(c.amount, 0), coalesce(r.n, 0),
      case when coalesce(o.last, 0) > coalesce(t.last, 0) then coalesce(o.last, 0) else coalesce(t.last, 0) end
    from distributors d
    left join (select shop_id, distributor_id, sum(total_paid - refunded) as sales,
        sum(case when refunded > 0 and refunded >= total_paid then 0 else 1 end) as n, max(placed_at) as last
      from orders where distributor_id is not null ${only('shop_id')}
        and currency = (select s.currency from shops s where s.id = orders.shop_id) group by shop_id, distributor_id) o on o.shop_id = d.shop_id and o.distributor_id = d.id
    left join (select shop_id, distributor_id, sum(amount - reversed) as amount
      from commissions where 1 = 1 ${only('shop_id')}
        and currency = (select s.currency from shops s where s.id = commissions.shop_id) group by shop_id, distributor_id) c on c.shop_id = d.shop_id and c.distributor_id = d.id
    left join (select shop_id, parent_id, count(*) as n
      from distributors where parent_id is not null ${only('shop_id')} group by shop_id, parent_id) r on r.shop_id = d.shop_id and r.parent_id = d.id
    left join (select shop_id, code, max(at) as last
      from touches where 1 = 1 ${only('shop_id')} group by shop_id, code) t on t.shop_id = d.shop_id and t.code = d.code
    ${where}
    on conflict (shop_id, distributor_id) do update set
      sales = excluded.sales, orders = excluded.orders, commissions = excluded.commissions,
      recruits = excluded.recruits, last_activity_at = excluded.last_activity_at`.execute(db);
}

/** The sortable columns of the distributors table, each indexed with the id as tie-break for keyset paging. */
export const TOTALS_SORT_COLUMNS = ['sales', 'commissions', 'recruits', 'last_activity_at'] as const;
