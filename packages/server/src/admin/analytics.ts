import { sql } from 'kysely';
import type { Executor } from '../db';
import { clicksByCode, codesClickedSince } from '../stats/click-counts';
import { DAY_MS } from '../util/time';
import { dayKey, daysOf, type Period } from './period';

/** `GET /v1/admin/analytics`. Money in minor units of `currency`. */
export interface Analytics {
  currency: string;
  topProducts: { sku: string; quantity: number; sales: number }[];
  topRegions: { region: string; orders: number; sales: number }[];
  conversion: { distributorId: string; code: string; name: string; clicks: number; orders: number; rate: number | null }[];
  activity: { total: number; active: number; inactive: number };
  recruitment: { date: string; joined: number; recruited: number }[];
}

/** Orders read at most for the product ranking (it parses each order's lines). */
const PRODUCT_SCAN_LIMIT = 50_000;
const DAY = sql.lit(DAY_MS);

/**
 * How the program is doing over a period: best products and regions among
 * attributed sales, clicks-to-orders per distributor, distributors active in
 * the last 30 days (a sale or a click), and recruitment per day.
 */
export async function analytics(db: Executor, shop: { id: string; currency: string }, p: Period, now: number): Promise<Analytics> {
  const since30 = now - 30 * DAY_MS;
  const attributed = () =>
    db.selectFrom('orders').where('shop_id', '=', shop.id).where('placed_at', '>=', p.from).where('placed_at', '<', p.to).where('distributor_id', 'is not', null);
  const [bodies, regions, perDistributor, total, activeSellers, activeClickers, joined] = await Promise.all([
    attributed().select('body').orderBy('placed_at', 'desc').limit(PRODUCT_SCAN_LIMIT).execute(),
    attributed().select(['region', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(total_paid - refunded), 0)`.as('sales')]).groupBy('region').orderBy(sql`coalesce(sum(total_paid - refunded), 0)`, 'desc').limit(10).execute(),
    attributed().select(['distributor_id', sql<number>`count(*)`.as('n')]).groupBy('distributor_id').orderBy(sql`count(*)`, 'desc').limit(20).execute(),
    db.selectFrom('distributors').select(sql<number>`count(*)`.as('n')).where('shop_id', '=', shop.id).where('status', '=', 'active').executeTakeFirst(),
    db.selectFrom('orders').select('distributor_id').distinct().where('shop_id', '=', shop.id).where('placed_at', '>=', since30).where('distributor_id', 'is not', null).execute(),
    codesClickedSince(db, shop.id, since30),
    db.selectFrom('distributors')
      .select([sql<number>`created_at / ${DAY}`.as('day'), sql<number>`count(*)`.as('n'), sql<number>`count(parent_id)`.as('recruited')])
      .where('shop_id', '=', shop.id).where('created_at', '>=', p.from).where('created_at', '<', p.to).groupBy(sql`created_at / ${DAY}`).execute(),
  ]);

  const products = new Map<string, { sku: string; quantity: number; sales: number }>();
  for (const { body } of bodies) {
    const items = (JSON.parse(body) as { items: { sku: string; quantity: number; unitPrice: number; discount?: number }[] }).items;
    for (const it of items) {
      const row = products.get(it.sku) ?? { sku: it.sku, quantity: 0, sales: 0 };
      row.quantity += it.quantity;
      row.sales += it.quantity * it.unitPrice - (it.discount ?? 0);
      products.set(it.sku, row);
    }
  }

  const ids = perDistributor.map((r) => r.distributor_id!).filter(Boolean);
  const people = ids.length ? await db.selectFrom('distributors').select(['id', 'code', 'name']).where('shop_id', '=', shop.id).where('id', 'in', ids).execute() : [];
  const codes = people.map((x) => x.code);
  const clicksOf = await clicksByCode(db, shop.id, codes, p.from, p.to);
  const person = new Map(people.map((x) => [x.id, x]));

  const activeCodes = new Set(activeClickers.map((t) => t.code));
  let active = activeSellers.length;
  if (activeCodes.size) {
    const sellers = new Set(activeSellers.map((s) => s.distributor_id));
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
    topProducts: [...products.values()].sort((a, b) => b.sales - a.sales || a.sku.localeCompare(b.sku)).slice(0, 10),
    topRegions: regions.map((r) => ({ region: r.region ?? '—', orders: Number(r.n), sales: Number(r.sales) })),
    conversion: perDistributor.map((r) => {
      const d = person.get(r.distributor_id!);
      const c = d ? (clicksOf.get(d.code) ?? 0) : 0;
      // integer basis points: orders per click, never a float in the payload's money
      return { distributorId: r.distributor_id!, code: d?.code ?? '', name: d?.name ?? '', clicks: c, orders: Number(r.n), rate: c > 0 ? Math.round((Number(r.n) * 10_000) / c) : null };
    }),
    activity: { total: totalActive, active, inactive: totalActive - active },
    recruitment: [...recruitment.values()],
  };
}
