import type { CommissionEvaluation } from '@twotier/core';
import type { Executor } from '../db';
import { utcDay } from '../util/time';
import { rowsStatement } from '../db/rows-statement';
import type { CommissionTable, OrderTable } from '../db/schema';
import type { DailySalesTable } from '../db/extension-schema';

type Delta = Pick<DailySalesTable, 'dim' | 'key' | 'orders' | 'sales' | 'revenue' | 'commissions'>;

/** The key of a rollup row, in the order of the table's primary key: every writer sorts its rows by it. */
const rowKey = (r: DailySalesTable): string => `${r.shop_id}\u0000${r.dim}\u0000${r.day}\u0000${r.key}\u0000${r.currency}`;

/**
 * Adds deltas to the daily rollups (`daily_sales`) in the caller's
 * transaction: the deltas of one row added up first, then one upsert per 500
 * rows. Every writer (orders, refunds, settlement, withdrawals) takes the
 * rows in the same order (the primary key's: shop, dimension, day, key,
 * currency), so concurrent writers never deadlock on them. Amounts of two
 * currencies are never added: the currency is part of the row's key.
 */
export async function addToRollups(tx: Executor, deltas: readonly DailySalesTable[]): Promise<void> {
  const rows = new Map<string, DailySalesTable>();
  for (const d of deltas) {
    const k = rowKey(d);
    const row = rows.get(k);
    if (row) {
      row.orders += d.orders;
      row.sales += d.sales;
      row.revenue += d.revenue;
      row.commissions += d.commissions;
    } else rows.set(k, { ...d });
  }
  const sorted = [...rows.keys()].sort().map((k) => rows.get(k)!);
  for (let i = 0; i < sorted.length; i += 500) await tx.executeQuery(upsertSales(tx, sorted.slice(i, i + 500)));
}

const upsertSales = rowsStatement((qb, rows: DailySalesTable[]) =>
  qb
    .insertInto('daily_sales')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['shop_id', 'dim', 'day', 'key', 'currency']).doUpdateSet((eb) => ({
        orders: eb('daily_sales.orders', '+', eb.ref('excluded.orders')),
        sales: eb('daily_sales.sales', '+', eb.ref('excluded.sales')),
        revenue: eb('daily_sales.revenue', '+', eb.ref('excluded.revenue')),
        commissions: eb('daily_sales.commissions', '+', eb.ref('excluded.commissions')),
      })),
    ),
);

/**
 * New attributed orders in the sales rollups, by the day each was placed:
 * by day, distributor (level 1), region and product. Stats and Analytics
 * read only these rows, never the orders themselves. Pure: the caller adds
 * them with {@link addToRollups}, with the other read models' rows of the
 * same write, in one statement.
 */
export function salesOnOrders(orders: readonly { order: OrderTable; commissions: CommissionTable[]; evaluation: CommissionEvaluation }[]): DailySalesTable[] {
  return orders.flatMap(({ order, commissions, evaluation }) => {
    const at = { shop_id: order.shop_id, day: utcDay(Number(order.placed_at)), currency: order.currency };
    return orderDeltas(order, commissions, evaluation).map((d) => ({ ...at, ...d }));
  });
}

/** An attributed order's deltas: by day, distributor (level 1), region and product. */
function orderDeltas(order: OrderTable, commissions: CommissionTable[], evaluation: CommissionEvaluation): Delta[] {
  if (!order.distributor_id) return [];
  const earned = commissions.reduce((s, c) => s + Number(c.amount), 0);
  const whole = { orders: 1, sales: Number(order.base), revenue: 0, commissions: earned };
  const deltas: Delta[] = [
    { dim: 'day', key: '', ...whole, revenue: Number(order.total_paid) - Number(order.refunded) },
    { dim: 'distributor', key: order.distributor_id, ...whole },
    { dim: 'region', key: order.region ?? '', ...whole },
  ];
  const items = (JSON.parse(order.body) as { items: { sku: string }[] }).items;
  const bySku = new Map<string, Delta>();
  const product = (sku: string) => {
    let d = bySku.get(sku);
    if (!d) bySku.set(sku, (d = { dim: 'product', key: sku, orders: 0, sales: 0, revenue: 0, commissions: 0 }));
    return d;
  };
  for (const sku of new Set(items.map((i) => i.sku))) product(sku).orders = 1;
  items.forEach((item, i) => (product(item.sku).sales += evaluation.lineBases[i] ?? 0));
  for (const c of evaluation.commissions) {
    const total = c.lines.reduce((s, l) => s + l.exact, 0);
    // integer share of the level's amount by each line's exact contribution (display only)
    for (const line of c.lines) if (total > 0) product(line.sku).commissions += Number((BigInt(c.amount) * BigInt(line.exact)) / BigInt(total));
  }
  return [...deltas, ...bySku.values()];
}

/** An order's refunds as the rollups need them: each refund's amount and/or items, in the order they came. */
export interface RefundShape {
  amount?: number | null;
  items?: readonly { sku: string; quantity: number }[] | null;
}

/** What is left of an attributed order in the sales rollups once refunds came: its count (0 once refunded in full) and its sales. */
export interface NetOfRefunds {
  /** 1, or 0 once the refunds reach what was paid (docs/figures.md: an order refunded in full is no sale). */
  orders: number;
  /** The order's commission base less what refunds took (0 once refunded in full). */
  sales: number;
  /** Per sku: 1 while any of it is left, and its base less what refunds took. */
  products: Map<string, { orders: number; sales: number }>;
}

/** True once refunds reach what was paid (an order paid nothing is never "refunded in full"). */
export const refundedInFull = (totalPaid: number, refunded: number): boolean => totalPaid > 0 && refunded >= totalPaid;

/**
 * The order's figures in the sales rollups after the given refunds. A refund
 * naming items takes those units' share of the sku's base; one naming only
 * an amount takes amount ÷ paid of every sku's base; an order refunded in
 * full counts nothing. Floors each part, so the figures after every refund
 * are a function of all refunds so far (deltas add up exactly).
 */
export function netOfRefunds(
  order: { base: number; totalPaid: number; refunded: number; items: { sku: string; quantity: number }[]; lineBases: number[] },
  refunds: readonly RefundShape[],
): NetOfRefunds {
  const full = refundedInFull(order.totalPaid, order.refunded);
  const bought = new Map<string, number>();
  const skuBase = new Map<string, bigint>();
  order.items.forEach((line, i) => {
    bought.set(line.sku, (bought.get(line.sku) ?? 0) + line.quantity);
    skuBase.set(line.sku, (skuBase.get(line.sku) ?? 0n) + BigInt(order.lineBases[i] ?? 0));
  });
  const units = new Map<string, number>();
  let amountOnly = 0n;
  for (const r of refunds) {
    if (r.items && r.items.length > 0) for (const it of r.items) units.set(it.sku, (units.get(it.sku) ?? 0) + it.quantity);
    else amountOnly += BigInt(r.amount ?? 0);
  }
  const paid = BigInt(order.totalPaid);
  const products = new Map<string, { orders: number; sales: number }>();
  let taken = 0n;
  for (const [sku, base] of skuBase) {
    const have = BigInt(bought.get(sku) ?? 0);
    const gone = BigInt(Math.min(units.get(sku) ?? 0, Number(have)));
    // base × (gone/have + amountOnly/paid), floored, never more than the base
    let take = have > 0n ? (base * gone) / have : 0n;
    if (paid > 0n) take += (base * amountOnly) / paid;
    if (take > base) take = base;
    taken += take;
    const allUnits = have > 0n && gone >= have;
    products.set(sku, full ? { orders: 0, sales: 0 } : { orders: allUnits ? 0 : 1, sales: Number(base - take) });
  }
  const sales = full ? 0 : Math.max(0, order.base - Number(taken));
  return { orders: full ? 0 : 1, sales, products };
}

/** A refund as the sales rollups need it: the order as it was before, the refunds before this one, and what it reversed. */
export interface RefundChange {
  order: Pick<OrderTable, 'shop_id' | 'distributor_id' | 'region' | 'placed_at' | 'currency' | 'body' | 'base' | 'total_paid' | 'evaluation'>;
  previous: readonly RefundShape[];
  refund: RefundShape;
  /** `orders.refunded` before and after this refund (minor units). */
  refundedBefore: number;
  refundedAfter: number;
  /** The commissions it reversed, all levels (minor units). */
  reversed: number;
}

/**
 * A refund in the sales rollups of the order's day (by day, distributor,
 * region and product): the commissions it reversed come off, the refunded
 * money leaves the day's revenue, and the order's count and sales move from
 * what they were before the refund to what is left after it
 * ({@link netOfRefunds}), so a sale refunded in full counts 0 orders and 0
 * sales, as on the Overview and the distributor's page. Pure, like
 * {@link salesOnOrders}.
 */
export function salesOnRefund(change: RefundChange): DailySalesTable[] {
  const { order } = change;
  if (!order.distributor_id) return [];
  const evaluation = JSON.parse(order.evaluation) as CommissionEvaluation;
  const shape = {
    base: Number(order.base),
    totalPaid: Number(order.total_paid),
    items: (JSON.parse(order.body) as { items: { sku: string; quantity: number }[] }).items,
    lineBases: evaluation.lineBases,
  };
  const before = netOfRefunds({ ...shape, refunded: change.refundedBefore }, change.previous);
  const after = netOfRefunds({ ...shape, refunded: change.refundedAfter }, [...change.previous, change.refund]);
  const d = { orders: after.orders - before.orders, sales: after.sales - before.sales, revenue: 0, commissions: -change.reversed };
  const revenue = change.refundedBefore - change.refundedAfter;
  const deltas: Delta[] = [];
  if (d.orders !== 0 || d.sales !== 0 || d.commissions !== 0 || revenue !== 0) {
    deltas.push({ dim: 'day', key: '', ...d, revenue }, { dim: 'distributor', key: order.distributor_id, ...d }, { dim: 'region', key: order.region ?? '', ...d });
  }
  for (const [sku, a] of after.products) {
    const b = before.products.get(sku) ?? a;
    if (a.orders !== b.orders || a.sales !== b.sales) deltas.push({ dim: 'product', key: sku, orders: a.orders - b.orders, sales: a.sales - b.sales, revenue: 0, commissions: 0 });
  }
  const at = { shop_id: order.shop_id, day: utcDay(Number(order.placed_at)), currency: order.currency };
  return deltas.map((x) => ({ ...at, ...x }));
}
