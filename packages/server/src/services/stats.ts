import type { StatsResponse, StatsRow, statsQuerySchema } from '@twotier/core/schema';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../db';
import type { ShopRecord } from '../context';
import { DAY_MS, num } from '../util/time';

type Query = z.output<typeof statsQuerySchema>;

const parseBound = (value: string | undefined, end: boolean): number | null => {
  if (!value) return null;
  const ms = Date.parse(value);
  // a date alone means the whole day: `to=2026-03-31` includes the 31st
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && end ? ms + DAY_MS : ms;
};

/**
 * Attributed orders, their sales (commission base) and the commissions they
 * earned (net of reversals), grouped by day, distributor, product or region,
 * over `[from, to)`. Every query is a range over the `(shop_id, placed_at)`
 * index of orders; nothing scans other shops or other periods.
 */
export async function stats(db: Executor, shop: ShopRecord, query: Query): Promise<StatsResponse> {
  const from = parseBound(query.from, false);
  const to = parseBound(query.to, true);
  let orders = db.selectFrom('orders as o').where('o.shop_id', '=', shop.id).where('o.distributor_id', 'is not', null);
  if (from !== null) orders = orders.where('o.placed_at', '>=', from);
  if (to !== null) orders = orders.where('o.placed_at', '<', to);
  if (query.currency) orders = orders.where('o.currency', '=', query.currency);

  let rows: StatsRow[];
  if (query.groupBy === 'product') {
    rows = aggregateProducts(await orders.select(['o.body', 'o.evaluation']).execute());
  } else {
    const key =
      query.groupBy === 'day'
        ? sql<string>`cast(o.placed_at / ${sql.lit(DAY_MS)} as bigint)`
        : query.groupBy === 'distributor'
          ? sql<string>`o.distributor_id`
          : sql<string>`coalesce(o.region, '')`;
    const sales = await orders
      .select([key.as('key'), (eb) => eb.fn.countAll<number>().as('orders'), (eb) => eb.fn.sum<number>('o.base').as('sales')])
      .groupBy(key)
      .execute();
    const earned = await orders
      .innerJoin('commissions as c', (j) => j.onRef('c.shop_id', '=', 'o.shop_id').onRef('c.order_id', '=', 'o.id'))
      .select([key.as('key'), (eb) => eb.fn.sum<number>(eb('c.amount', '-', eb.ref('c.reversed'))).as('commissions')])
      .groupBy(key)
      .execute();
    const label = (k: unknown) => (query.groupBy === 'day' ? new Date(num(k) * DAY_MS).toISOString().slice(0, 10) : String(k));
    rows = sales.map((s) => ({
      key: label(s.key),
      orders: num(s.orders),
      sales: num(s.sales),
      commissions: num(earned.find((e) => String(e.key) === String(s.key))?.commissions ?? 0),
    }));
  }
  rows.sort((a, b) => (query.groupBy === 'day' ? a.key.localeCompare(b.key) : b.sales - a.sales || a.key.localeCompare(b.key)));
  return { groupBy: query.groupBy, from: query.from ?? null, to: query.to ?? null, rows };
}

/** Per sku: orders containing it, its line bases, and the commissions its lines earned (each level's amount shared by exact contribution). */
function aggregateProducts(found: { body: string; evaluation: string }[]): StatsRow[] {
  const bySku = new Map<string, StatsRow>();
  const row = (sku: string) => {
    let r = bySku.get(sku);
    if (!r) bySku.set(sku, (r = { key: sku, orders: 0, sales: 0, commissions: 0 }));
    return r;
  };
  for (const o of found) {
    const items = (JSON.parse(o.body) as { items: { sku: string }[] }).items;
    const evaluation = JSON.parse(o.evaluation) as {
      lineBases: number[];
      commissions: { amount: number; lines: { line: number; sku: string; exact: number }[] }[];
    };
    for (const sku of new Set(items.map((i) => i.sku))) row(sku).orders += 1;
    items.forEach((item, i) => (row(item.sku).sales += evaluation.lineBases[i] ?? 0));
    for (const c of evaluation.commissions) {
      const total = c.lines.reduce((s, l) => s + l.exact, 0);
      // integer share of the level's amount by exact contribution; only for display
      for (const line of c.lines) if (total > 0) row(line.sku).commissions += Math.floor((c.amount * line.exact) / total);
    }
  }
  return [...bySku.values()];
}
