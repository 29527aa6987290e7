import { sql } from 'kysely';
import type { Db } from '../db';
import { DAY_MS } from '../util/time';
import { dayKey, daysOf, previousPeriod, type Period } from './period';
import { dailyRollups, HOUR_MS, REFUNDED_IN_FULL, type CommissionBuckets } from './rollups';

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

/** A period's figures in a currency other than the shop's default: listed apart, never added to the default's. */
export interface CurrencyFigures {
  currency: string;
  orders: number;
  attributedOrders: number;
  attributedRevenue: number;
  /** Earned in the period, net of reversals. */
  commissions: number;
  commissionsPaid: number;
}

/** `GET /v1/admin/reports/overview`. Money in minor units of `currency` (the shop's default); other currencies in `otherCurrencies`. */
export interface Overview {
  currency: string;
  otherCurrencies: CurrencyFigures[];
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
 * daily series, read from the daily rollups (kept up to date on read, see
 * {@link dailyRollups}), so the cost follows the number of days, not of
 * orders. Commissions count by the day they were earned, net of reversals;
 * pending or available by their hold period, exact to the millisecond in
 * the hour it ends.
 */
export async function overview(db: Db, shop: { id: string; currency: string }, p: Period, nowMs: number): Promise<Overview> {
  const prev = previousPeriod(p);
  const hour = Math.floor(nowMs / HOUR_MS);
  const [rows, endingToday, paid] = await Promise.all([
    dailyRollups(db, shop, prev.from / DAY_MS, p.to / DAY_MS - 1, nowMs),
    // commissions whose hold ends this hour: read live, by status; grouped by currency rather than filtered on it,
    // so that the databases take the hold-end index (an hour's rows) instead of reading the whole period by currency
    db.kysely.selectFrom('commissions')
      .select([sql<number>`created_at / ${DAY}`.as('day'), 'status', 'currency', sql<number>`coalesce(sum(amount - reversed), 0)`.as('net')])
      .where('shop_id', '=', shop.id).where('status', 'in', ['pending', 'available'])
      .where('available_at', '>=', hour * HOUR_MS).where('available_at', '<', (hour + 1) * HOUR_MS)
      .where('created_at', '>=', prev.from).where('created_at', '<', p.to)
      .groupBy([sql`created_at / ${DAY}`, 'status', 'currency']).execute(),
    db.kysely.selectFrom('withdrawals')
      .select([sql<number>`updated_at / ${DAY}`.as('day'), sql<number>`coalesce(sum(amount), 0)`.as('amount')])
      .where('shop_id', '=', shop.id).where('currency', '=', shop.currency).where('status', '=', 'paid').where('updated_at', '>=', prev.from).where('updated_at', '<', p.to)
      .groupBy(sql`updated_at / ${DAY}`).execute(),
  ]);
  const otherCurrencies = await otherCurrencyFigures(db, shop, p);

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
  for (const r of rows) {
    const day = Number(r.day);
    add(kpis.clicks, day, Number(r.clicks));
    add(kpis.orders, day, Number(r.orders));
    add(kpis.attributedOrders, day, Number(r.attributed_orders));
    add(kpis.attributedRevenue, day, Number(r.revenue));
    let earned = 0;
    for (const [avail, levels] of Object.entries(JSON.parse(r.commissions) as CommissionBuckets)) {
      const net = Object.values(levels).reduce((sum, [e, rev]) => sum + e - rev, 0);
      earned += net;
      if (Number(avail) < hour) add(kpis.commissionsAvailable, day, net);
      else if (Number(avail) > hour) add(kpis.commissionsPending, day, net);
    }
    const d = days.get(dayKey(day));
    if (d) Object.assign(d, { clicks: Number(r.clicks), orders: Number(r.orders), attributedRevenue: Number(r.revenue), commissions: earned });
  }
  for (const r of endingToday) {
    if (r.currency !== shop.currency) continue;
    if (r.status === 'pending') add(kpis.commissionsPending, Number(r.day), Number(r.net));
    if (r.status === 'available') add(kpis.commissionsAvailable, Number(r.day), Number(r.net));
  }
  for (const r of paid) add(kpis.commissionsPaid, Number(r.day), Number(r.amount));
  return { currency: shop.currency, otherCurrencies, period: range(p), previousPeriod: range(prev), kpis, series: [...days.values()] };
}

/** The period's orders, commissions and payouts in each currency other than the default, read live (a shop sells mostly in its default). */
async function otherCurrencyFigures(db: Db, shop: { id: string; currency: string }, p: Period): Promise<CurrencyFigures[]> {
  const k = db.kysely;
  // `currency < default` and `currency > default` are two index ranges (migration 0024); `!=` would read the whole period
  const sides = ['<', '>'] as const;
  const [orderSides, commissionSides, paid] = await Promise.all([
    Promise.all(
      sides.map((side) =>
        k.selectFrom('orders')
          .select(['currency', sql<number>`coalesce(sum(case when ${REFUNDED_IN_FULL} then 0 else 1 end), 0)`.as('n'),
            sql<number>`coalesce(sum(case when distributor_id is null or ${REFUNDED_IN_FULL} then 0 else 1 end), 0)`.as('attributed'),
            sql<number>`coalesce(sum(case when distributor_id is not null then total_paid - refunded else 0 end), 0)`.as('revenue')])
          .where('shop_id', '=', shop.id).where('currency', side, shop.currency).where('placed_at', '>=', p.from).where('placed_at', '<', p.to)
          .groupBy('currency').execute(),
      ),
    ),
    Promise.all(
      sides.map((side) =>
        k.selectFrom('commissions').select(['currency', sql<number>`coalesce(sum(amount - reversed), 0)`.as('net')])
          .where('shop_id', '=', shop.id).where('currency', side, shop.currency).where('created_at', '>=', p.from).where('created_at', '<', p.to)
          .groupBy('currency').execute(),
      ),
    ),
    k.selectFrom('withdrawals').select(['currency', sql<number>`coalesce(sum(amount), 0)`.as('amount')])
      .where('shop_id', '=', shop.id).where('currency', '!=', shop.currency).where('status', '=', 'paid').where('updated_at', '>=', p.from).where('updated_at', '<', p.to)
      .groupBy('currency').execute(),
  ]);
  const orders = orderSides.flat();
  const commissions = commissionSides.flat();
  const out = new Map<string, CurrencyFigures>();
  const of = (currency: string) => {
    let f = out.get(currency);
    if (!f) out.set(currency, (f = { currency, orders: 0, attributedOrders: 0, attributedRevenue: 0, commissions: 0, commissionsPaid: 0 }));
    return f;
  };
  for (const r of orders) Object.assign(of(r.currency), { orders: Number(r.n), attributedOrders: Number(r.attributed), attributedRevenue: Number(r.revenue) });
  for (const r of commissions) of(r.currency).commissions = Number(r.net);
  for (const r of paid) of(r.currency).commissionsPaid = Number(r.amount);
  return [...out.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
