import { sql } from 'kysely';
import type { Db } from '../db';
import { DAY_MS } from '../util/time';
import { dayKey, daysOf, previousPeriod, type Period } from './period';

/** A number for the chosen period and the one before it. */
export interface Kpi {
  value: number;
  previous: number;
}

/** One day of the overview's charts. */
export interface OverviewDay {
  date: string;
  clicks: number;
  orders: number;
  attributedRevenue: number;
  commissions: number;
}

/** `GET /v1/admin/overview`. Money in minor units of `currency`. */
export interface Overview {
  currency: string;
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  kpis: {
    clicks: Kpi;
    orders: Kpi;
    attributedOrders: Kpi;
    attributedRevenue: Kpi;
    commissionsPending: Kpi;
    commissionsAvailable: Kpi;
    commissionsPaid: Kpi;
  };
  series: OverviewDay[];
}

const DAY = sql.lit(DAY_MS);
const range = (p: Period) => ({ from: new Date(p.from).toISOString(), to: new Date(p.to - 1).toISOString() });

/**
 * The shop's headline numbers for a period against the previous one, and a
 * daily series. Each source is one grouped range scan over a covering index
 * (both periods at once), so the cost follows the period, not the table.
 */
export async function overview(db: Db, shop: { id: string; currency: string }, p: Period): Promise<Overview> {
  const prev = previousPeriod(p);
  const k = db.kysely;
  const [clicks, orders, commissions, paid] = await Promise.all([
    k.selectFrom('touches')
      .select([sql<number>`at / ${DAY}`.as('day'), sql<number>`count(*)`.as('n')])
      .where('shop_id', '=', shop.id).where('at', '>=', prev.from).where('at', '<', p.to)
      .groupBy(sql`at / ${DAY}`).execute(),
    k.selectFrom('orders')
      .select([
        sql<number>`placed_at / ${DAY}`.as('day'),
        sql<number>`count(*)`.as('n'),
        sql<number>`count(distributor_id)`.as('attributed'),
        sql<number>`coalesce(sum(case when distributor_id is not null then total_paid - refunded else 0 end), 0)`.as('revenue'),
      ])
      .where('shop_id', '=', shop.id).where('placed_at', '>=', prev.from).where('placed_at', '<', p.to)
      .groupBy(sql`placed_at / ${DAY}`).execute(),
    k.selectFrom('commissions')
      .select([sql<number>`created_at / ${DAY}`.as('day'), 'status', sql<number>`coalesce(sum(amount - reversed), 0)`.as('amount')])
      .where('shop_id', '=', shop.id).where('created_at', '>=', prev.from).where('created_at', '<', p.to)
      .groupBy([sql`created_at / ${DAY}`, 'status']).execute(),
    k.selectFrom('withdrawals')
      .select([sql<number>`updated_at / ${DAY}`.as('day'), sql<number>`coalesce(sum(amount), 0)`.as('amount')])
      .where('shop_id', '=', shop.id).where('status', '=', 'paid').where('updated_at', '>=', prev.from).where('updated_at', '<', p.to)
      .groupBy(sql`updated_at / ${DAY}`).execute(),
  ]);

  const kpi = (): Kpi => ({ value: 0, previous: 0 });
  const kpis: Overview['kpis'] = {
    clicks: kpi(), orders: kpi(), attributedOrders: kpi(), attributedRevenue: kpi(),
    commissionsPending: kpi(), commissionsAvailable: kpi(), commissionsPaid: kpi(),
  };
  const days = new Map(daysOf(p).map((date) => [date, { date, clicks: 0, orders: 0, attributedRevenue: 0, commissions: 0 }]));
  const firstDay = p.from / DAY_MS;
  const add = (m: Kpi, day: number, n: number) => {
    if (day >= firstDay) m.value += n;
    else m.previous += n;
  };
  for (const r of clicks) {
    const day = Number(r.day);
    add(kpis.clicks, day, Number(r.n));
    const d = days.get(dayKey(day));
    if (d) d.clicks += Number(r.n);
  }
  for (const r of orders) {
    const day = Number(r.day);
    add(kpis.orders, day, Number(r.n));
    add(kpis.attributedOrders, day, Number(r.attributed));
    add(kpis.attributedRevenue, day, Number(r.revenue));
    const d = days.get(dayKey(day));
    if (d) {
      d.orders += Number(r.n);
      d.attributedRevenue += Number(r.revenue);
    }
  }
  for (const r of commissions) {
    const day = Number(r.day);
    if (r.status === 'pending') add(kpis.commissionsPending, day, Number(r.amount));
    if (r.status === 'available') add(kpis.commissionsAvailable, day, Number(r.amount));
    const d = days.get(dayKey(day));
    if (d && r.status !== 'reversed') d.commissions += Number(r.amount);
  }
  for (const r of paid) add(kpis.commissionsPaid, Number(r.day), Number(r.amount));
  return { currency: shop.currency, period: range(p), previousPeriod: range(prev), kpis, series: [...days.values()] };
}
