import type { Executor } from '../db';
import { dayFigures } from '../read-models/daily-figures';
import { clicksByDay } from '../stats/click-counts';
import { utcDay } from '../util/time';
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

const range = (p: Period) => ({ from: new Date(p.from).toISOString(), to: new Date(p.to - 1).toISOString() });

/**
 * The shop's headline numbers for a period against the previous one, and a
 * daily series, read from the daily rollups the writes keep
 * (read-models/daily-figures.ts, `daily_clicks`), so the cost follows the
 * number of days, not of orders, and nothing is computed on read. Orders
 * count on the day they were placed, commissions on the day they were
 * earned (net of reversals; pending or available as the ledger has them),
 * payouts on the day they were paid. Each currency other than the default
 * is listed apart, from the same rows.
 */
export async function overview(db: Executor, shop: { id: string; currency: string }, p: Period): Promise<Overview> {
  const prev = previousPeriod(p);
  const [byCurrency, clicks] = await Promise.all([dayFigures(db, shop.id, utcDay(prev.from), utcDay(p.to - 1)), clicksByDay(db, shop.id, prev.from, p.to)]);

  const kpi = (): Kpi => ({ value: 0, previous: 0 });
  const kpis: Overview['kpis'] = {
    clicks: kpi(), orders: kpi(), attributedOrders: kpi(), attributedRevenue: kpi(),
    commissionsPending: kpi(), commissionsAvailable: kpi(), commissionsPaid: kpi(),
  };
  const days = new Map(daysOf(p).map((date) => [date, { date, clicks: 0, orders: 0, attributedRevenue: 0, commissions: 0 }]));
  const first = utcDay(p.from);
  const add = (m: Kpi, day: string, n: number) => {
    if (day >= first) m.value += n;
    else m.previous += n;
  };
  for (const { day, n } of clicks) {
    add(kpis.clicks, dayKey(day), n);
    const d = days.get(dayKey(day));
    if (d) d.clicks = n;
  }
  for (const [day, f] of byCurrency.get(shop.currency) ?? []) {
    add(kpis.orders, day, f.orders);
    add(kpis.attributedOrders, day, f.attributedOrders);
    add(kpis.attributedRevenue, day, f.attributedRevenue);
    add(kpis.commissionsPending, day, f.pending);
    add(kpis.commissionsAvailable, day, f.available);
    add(kpis.commissionsPaid, day, f.paid);
    const d = days.get(day);
    if (d) Object.assign(d, { orders: f.orders, attributedRevenue: f.attributedRevenue, commissions: f.pending + f.available });
  }
  const otherCurrencies: CurrencyFigures[] = [];
  for (const [currency, byDay] of byCurrency) {
    if (currency === shop.currency) continue;
    const inPeriod = [...byDay].filter(([day]) => day >= first);
    if (inPeriod.length === 0) continue;
    const f: CurrencyFigures = { currency, orders: 0, attributedOrders: 0, attributedRevenue: 0, commissions: 0, commissionsPaid: 0 };
    for (const [, d] of inPeriod) {
      f.orders += d.orders;
      f.attributedOrders += d.attributedOrders;
      f.attributedRevenue += d.attributedRevenue;
      f.commissions += d.pending + d.available;
      f.commissionsPaid += d.paid;
    }
    otherCurrencies.push(f);
  }
  otherCurrencies.sort((a, b) => a.currency.localeCompare(b.currency));
  return { currency: shop.currency, otherCurrencies, period: range(p), previousPeriod: range(prev), kpis, series: [...days.values()] };
}
