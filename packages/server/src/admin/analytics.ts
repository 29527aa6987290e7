import { normalizeRegion } from '@twotier/core';
import { sql } from 'kysely';
import type { Executor } from '../db';
import { clicksByCode, codesClickedSince } from '../stats/click-counts';
import { DAY_MS, utcDay } from '../util/time';
import { dayKey, daysOf, type Period } from './period';

/** `GET /v1/admin/analytics`. Money in minor units of `currency`, the shop's default: sales in other currencies are not added in. */
export interface Analytics {
  currency: string;
  /** Attributed orders containing the product, and the product's commission base in them. */
  topProducts: { sku: string; orders: number; sales: number }[];
  topRegions: { region: string; orders: number; sales: number }[];
  conversion: { distributorId: string; code: string; name: string; clicks: number; orders: number; rate: number | null }[];
  activity: { total: number; active: number; inactive: number };
  recruitment: { date: string; joined: number; recruited: number }[];
}

const DAY = sql.lit(DAY_MS);

/**
 * How the program is doing over a period: best products and regions among
 * attributed sales, clicks-to-orders per distributor, distributors active in
 * the last 30 days (a sale or a click), and recruitment per day. Sales,
 * orders and clicks come from the server's daily rollups (`daily_sales`,
 * `daily_clicks`), so the cost follows days and keys, not orders.
 */
export async function analytics(db: Executor, shop: { id: string; currency: string }, p: Period, now: number): Promise<Analytics> {
  const x = db;
  const from = utcDay(p.from);
  const to = utcDay(p.to - 1);
  const since30 = utcDay(now - 29 * DAY_MS);
  const sales = (dim: 'product' | 'region' | 'distributor') =>
    x.selectFrom('daily_sales').where('shop_id', '=', shop.id).where('dim', '=', dim).where('currency', '=', shop.currency).where('day', '>=', from).where('day', '<=', to);
  const [products, regions, perDistributor, total, activeSellers, activeClickers, joined] = await Promise.all([
    // a sale refunded in full left 0 orders and 0 sales in its rollup rows (docs/figures.md): such keys are not listed
    sales('product').select(['key', sql<number>`sum(orders)`.as('n'), sql<number>`sum(sales)`.as('sales')]).groupBy('key').having(sql`sum(orders)`, '>', 0).orderBy(sql`sum(sales)`, 'desc').limit(10).execute(),
    // all of them: spellings of one region (`Zhejiang`, `CN-ZJ`) are merged below before the top 10
    sales('region').select(['key', sql<number>`sum(orders)`.as('n'), sql<number>`sum(sales)`.as('sales')]).groupBy('key').having(sql`sum(orders)`, '>', 0).execute(),
    sales('distributor').select(['key', sql<number>`sum(orders)`.as('n')]).groupBy('key').having(sql`sum(orders)`, '>', 0).orderBy(sql`sum(orders)`, 'desc').limit(20).execute(),
    db.selectFrom('distributors').select(sql<number>`count(*)`.as('n')).where('shop_id', '=', shop.id).where('status', '=', 'active').executeTakeFirst(),
    x.selectFrom('daily_sales').select('key').distinct().where('shop_id', '=', shop.id).where('dim', '=', 'distributor').where('day', '>=', since30).where('orders', '>', 0).execute(),
    codesClickedSince(db, shop.id, now - 29 * DAY_MS),
    db.selectFrom('distributors')
      .select([sql<number>`created_at / ${DAY}`.as('day'), sql<number>`count(*)`.as('n'), sql<number>`count(parent_id)`.as('recruited')])
      .where('shop_id', '=', shop.id).where('created_at', '>=', p.from).where('created_at', '<', p.to).groupBy(sql`created_at / ${DAY}`).execute(),
  ]);
  const merged = new Map<string, { region: string; orders: number; sales: number }>();
  for (const r of regions) {
    const region = normalizeRegion(r.key) ?? '—';
    const m = merged.get(region) ?? { region, orders: 0, sales: 0 };
    m.orders += Number(r.n);
    m.sales += Number(r.sales);
    merged.set(region, m);
  }
  const regionsOut = [...merged.values()].sort((a, b) => b.sales - a.sales || a.region.localeCompare(b.region)).slice(0, 10);

  const ids = perDistributor.map((r) => r.key).filter(Boolean);
  const people = ids.length ? await db.selectFrom('distributors').select(['id', 'code', 'name']).where('shop_id', '=', shop.id).where('id', 'in', ids).execute() : [];
  const codes = people.map((x) => x.code);
  const clicksOf = await clicksByCode(db, shop.id, codes, p.from, p.to);
  const person = new Map(people.map((x) => [x.id, x]));

  const activeCodes = new Set(activeClickers.map((t) => t.code));
  let active = activeSellers.length;
  if (activeCodes.size) {
    const sellers = new Set(activeSellers.map((s) => s.key));
    const clickerIds = await db.selectFrom('distributors').select('id').where('shop_id', '=', shop.id).where('code', 'in', [...activeCodes].slice(0, 50_000)).execute();
    for (const c of clickerIds) if (!sellers.has(c.id)) active++;
  }
  const totalActive = Number(total?.n ?? 0);
  active = Math.min(active, totalActive);

  const recruitment = new Map(daysOf(p).map((date) => [date, { date, joined: 0, recruited: 0 }]));
  for (const r of joined) {
    const d = recruitment.get(dayKey(Number(r.day)));
    if (d) {
      d.joined += Number(r.n);
      d.recruited += Number(r.recruited);
    }
  }
  return {
    currency: shop.currency,
    topProducts: products.map((r) => ({ sku: r.key, orders: Number(r.n), sales: Number(r.sales) })),
    topRegions: regionsOut,
    conversion: perDistributor.map((r) => {
      const d = person.get(r.key);
      const c = d ? (clicksOf.get(d.code) ?? 0) : 0;
      // integer basis points: orders per click, never a float in the payload's money
      return { distributorId: r.key, code: d?.code ?? '', name: d?.name ?? '', clicks: c, orders: Number(r.n), rate: c > 0 ? Math.round((Number(r.n) * 10_000) / c) : null };
    }),
    activity: { total: totalActive, active, inactive: totalActive - active },
    recruitment: [...recruitment.values()],
  };
}
