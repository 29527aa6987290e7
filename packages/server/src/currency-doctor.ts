import { normalizeCurrency } from '@twotier/core';
import type { Db } from './db';
import { num } from './util/time';

/** An order stored in a currency its shop does not accept (recorded before currencies were checked). */
export interface ForeignOrder {
  orderId: string;
  currency: string;
  totalPaid: number;
  refunded: number;
  distributorId: string | null;
  /** Its commissions at both levels, net of reversals, in `currency`. */
  commissions: number;
  placedAt: string;
}

/** A distributor's balance in a currency the shop does not accept: kept apart, never part of the default currency's. */
export interface ForeignBalance {
  distributorId: string;
  currency: string;
  pending: number;
  available: number;
}

/** What `twotier doctor` found in one shop. */
export interface ShopFindings {
  shopId: string;
  name: string;
  currency: string;
  currencies: string[];
  /** Accepted codes that are not active ISO 4217 currencies (a shop created before codes were checked). */
  invalidCurrencies: string[];
  foreignOrders: ForeignOrder[];
  foreignBalances: ForeignBalance[];
  /** Distributors whose default-currency available balance is below zero (e.g. foreign money withdrawn as the default before the fix). */
  negativeDefault: { distributorId: string; available: number }[];
}

const LIMIT = 1000;

/**
 * Lists, per shop, the money stored in a currency the shop does not accept:
 * orders (with their commissions), the balances they left, accepted codes
 * that are not ISO 4217, and default-currency balances below zero. Reads
 * only. Since migration 0016 such money is excluded from every
 * default-currency balance and figure; this says where it is, so the
 * operator can settle it outside (or accept the currency on the shop).
 */
export async function currencyDoctor(db: Db, shopId?: string): Promise<ShopFindings[]> {
  const k = db.kysely;
  let shops = k.selectFrom('shops').select(['id', 'name', 'currency', 'currencies']).orderBy('id');
  if (shopId) shops = shops.where('id', '=', shopId);
  const out: ShopFindings[] = [];
  for (const s of await shops.execute()) {
    const currencies = s.currencies ? (JSON.parse(s.currencies) as string[]) : [s.currency];
    const orders = await k
      .selectFrom('orders')
      .select(['id', 'currency', 'total_paid', 'refunded', 'distributor_id', 'placed_at'])
      .where('shop_id', '=', s.id)
      .where('currency', 'not in', currencies)
      .orderBy('placed_at')
      .orderBy('id')
      .limit(LIMIT)
      .execute();
    const earned = new Map<string, number>();
    for (let i = 0; i < orders.length; i += 500) {
      const ids = orders.slice(i, i + 500).map((o) => o.id);
      const rows = await k
        .selectFrom('commissions')
        .select(['order_id', (eb) => eb.fn.sum<number>(eb('amount', '-', eb.ref('reversed'))).as('net')])
        .where('shop_id', '=', s.id)
        .where('order_id', 'in', ids)
        .groupBy('order_id')
        .execute();
      for (const r of rows) earned.set(r.order_id, num(r.net));
    }
    const balances = await k
      .selectFrom('ledger_entries')
      .select(['distributor_id', 'currency', 'bucket', (eb) => eb.fn.sum<number>('amount').as('total')])
      .where('shop_id', '=', s.id)
      .where((eb) => eb.or([eb('currency', 'not in', currencies), eb.and([eb('currency', '=', s.currency), eb('bucket', '=', 'available')])]))
      .groupBy(['distributor_id', 'currency', 'bucket'])
      .execute();
    const foreign = new Map<string, ForeignBalance>();
    const negativeDefault: ShopFindings['negativeDefault'] = [];
    for (const b of balances) {
      const total = num(b.total);
      if (b.currency === s.currency) {
        if (total < 0) negativeDefault.push({ distributorId: b.distributor_id, available: total });
        continue;
      }
      const key = `${b.distributor_id}\u0000${b.currency}`;
      const f = foreign.get(key) ?? { distributorId: b.distributor_id, currency: b.currency, pending: 0, available: 0 };
      if (b.bucket === 'pending') f.pending += total;
      if (b.bucket === 'available') f.available += total;
      foreign.set(key, f);
    }
    const findings: ShopFindings = {
      shopId: s.id,
      name: s.name,
      currency: s.currency,
      currencies,
      invalidCurrencies: currencies.filter((c) => normalizeCurrency(c) !== c),
      foreignOrders: orders.map((o) => ({
        orderId: o.id,
        currency: o.currency,
        totalPaid: num(o.total_paid),
        refunded: num(o.refunded),
        distributorId: o.distributor_id,
        commissions: earned.get(o.id) ?? 0,
        placedAt: new Date(num(o.placed_at)).toISOString(),
      })),
      foreignBalances: [...foreign.values()].filter((f) => f.pending !== 0 || f.available !== 0),
      negativeDefault,
    };
    if (findings.invalidCurrencies.length || findings.foreignOrders.length || findings.foreignBalances.length || findings.negativeDefault.length) out.push(findings);
  }
  return out;
}

/** The findings as text for the terminal; "no findings" when there are none. */
export function formatDoctor(findings: ShopFindings[]): string {
  if (findings.length === 0) return 'twotier doctor: no money stored in a currency its shop does not accept.\n';
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`shop ${f.shopId} (${f.name}): default ${f.currency}, accepts ${f.currencies.join(', ')}`);
    for (const c of f.invalidCurrencies) lines.push(`  accepted code ${c} is not an active ISO 4217 currency`);
    if (f.foreignOrders.length) {
      lines.push(`  ${f.foreignOrders.length}${f.foreignOrders.length === LIMIT ? '+' : ''} order(s) in a currency the shop does not accept (excluded from the ${f.currency} balances and figures):`);
      for (const o of f.foreignOrders) {
        lines.push(`    order ${o.orderId}  ${o.currency} ${o.totalPaid} paid, ${o.refunded} refunded, commissions ${o.commissions}  distributor ${o.distributorId ?? '-'}  placed ${o.placedAt}`);
      }
    }
    for (const b of f.foreignBalances) lines.push(`  distributor ${b.distributorId} holds ${b.currency}: pending ${b.pending}, available ${b.available} (not withdrawable until ${b.currency} is accepted)`);
    for (const n of f.negativeDefault) lines.push(`  distributor ${n.distributorId} has a negative ${f.currency} available balance (${n.available}): withdrawals wait until earnings cover it`);
  }
  lines.push('Amounts are minor units of their currency. Add a currency to a shop with PATCH /v1/shop { currencies } to make its balances withdrawable.');
  return `${lines.join('\n')}\n`;
}
