import { normalizeRegion } from '@twotier/core';
import { sql } from 'kysely';
import type { StatsResponse, StatsRow, statsQuerySchema } from '@twotier/core/schema';
import type { z } from 'zod';
import type { ShopRecord } from '../context';
import type { Executor } from '../db';
import type { SalesDimension } from '../db/extension-schema';
import { num } from '../util/time';

type Query = z.output<typeof statsQuerySchema>;

/** The UTC day of a `from`/`to` bound (a date, or the date of an instant); rollups are by whole day. */
export const dayOf = (value: string | undefined): string | null => (value ? new Date(Date.parse(value)).toISOString().slice(0, 10) : null);

/**
 * Attributed orders, their sales (commission base) and the commissions they
 * earned (net of reversals; by product, as earned) per day, distributor,
 * product or region, from the daily rollups: the work grows with the days
 * and keys asked for, never with the number of orders or clicks. `from` and
 * `to` are whole UTC days, both included. One currency at a time (`currency`,
 * else the shop's default): amounts of different currencies are never summed.
 */
export async function statsFromRollups(db: Executor, shop: ShopRecord, query: Query): Promise<StatsResponse> {
  const dim: SalesDimension = query.groupBy;
  const from = dayOf(query.from);
  const to = dayOf(query.to);
  const key = dim === 'day' ? 'day' : 'key';
  let q = db
    .selectFrom('daily_sales')
    .select([
      sql<string>`${sql.ref(key)}`.as('k'),
      (eb) => eb.fn.sum<number>('orders').as('orders'),
      (eb) => eb.fn.sum<number>('sales').as('sales'),
      (eb) => eb.fn.sum<number>('commissions').as('commissions'),
    ])
    .where('shop_id', '=', shop.id)
    .where('dim', '=', dim)
    .groupBy(key);
  if (from) q = q.where('day', '>=', from);
  if (to) q = q.where('day', '<=', to);
  const currency = query.currency ?? shop.currency;
  q = q.where('currency', '=', currency);
  const found = await q.execute();
  // regions are ISO 3166-2 codes (docs/figures.md): the spellings a shop sent (`Zhejiang`, `CN-ZJ`) add up under one code
  const merged = new Map<string, StatsRow>();
  for (const r of found) {
    const k = dim === 'region' ? (normalizeRegion(String(r.k)) ?? String(r.k)) : String(r.k);
    const m = merged.get(k) ?? { key: k, orders: 0, sales: 0, commissions: 0 };
    m.orders += num(r.orders);
    m.sales += num(r.sales);
    m.commissions += num(r.commissions);
    merged.set(k, m);
  }
  const rows: StatsRow[] = [...merged.values()].filter((r) => r.orders > 0);
  rows.sort((a, b) => (dim === 'day' ? a.key.localeCompare(b.key) : b.sales - a.sales || a.key.localeCompare(b.key)));
  return { groupBy: query.groupBy, currency, from: query.from ?? null, to: query.to ?? null, rows };
}

/** Clicks per day or per distributor, from the daily click rollup (never the raw clicks). */
export async function clickStats(db: Executor, shopId: string, groupBy: 'day' | 'distributor', from: string | null, to: string | null) {
  let q = db
    .selectFrom('daily_clicks')
    .select([groupBy === 'day' ? 'day' : 'code', (eb) => eb.fn.sum<number>('clicks').as('clicks')])
    .where('shop_id', '=', shopId)
    .groupBy(groupBy === 'day' ? 'day' : 'code');
  if (from) q = q.where('day', '>=', from);
  if (to) q = q.where('day', '<=', to);
  const found = (await q.execute()) as { day?: string; code?: string; clicks: unknown }[];
  if (groupBy === 'day') return found.map((r) => ({ key: String(r.day), clicks: num(r.clicks) })).sort((a, b) => a.key.localeCompare(b.key));
  const codes = found.map((r) => String(r.code));
  const ids = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500) {
    const part = codes.slice(i, i + 500);
    const rows = await db.selectFrom('distributors').select(['id', 'code']).where('shop_id', '=', shopId).where('code', 'in', part).execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  return found
    .map((r) => ({ key: ids.get(String(r.code)) ?? String(r.code), code: String(r.code), clicks: num(r.clicks) }))
    .sort((a, b) => b.clicks - a.clicks || a.key.localeCompare(b.key));
}
