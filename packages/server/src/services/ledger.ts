import type { Balance, CurrencyBalance } from '@twotier/core/schema';
import type { ShopRecord } from '../context';
import type { Executor } from '../db';
import type { LedgerBucket, LedgerEntryTable } from '../db/schema';
import { newId } from '../util/ids';
import { num } from '../util/time';

/** One movement to append. */
export interface Entry {
  distributorId: string;
  bucket: LedgerBucket;
  kind: string;
  amount: number;
  currency: string;
  commissionId?: string | null;
  withdrawalId?: string | null;
  /** Makes the entry unique per shop: a retried movement is refused by the database. */
  dedupeKey?: string | null;
  note?: string | null;
  /** When it happened (ms), when not the call's `now` (a batch of orders, each at its own time). */
  at?: number;
}

/**
 * Appends entries to the ledger. The ledger is never updated or deleted:
 * balances are sums of its entries. A zero amount is not written.
 */
export async function appendEntries(tx: Executor, shopId: string, entries: Entry[], now: number): Promise<void> {
  const rows: LedgerEntryTable[] = entries
    .filter((e) => e.amount !== 0)
    .map((e) => ({
      shop_id: shopId,
      id: newId('led'),
      distributor_id: e.distributorId,
      bucket: e.bucket,
      kind: e.kind,
      amount: e.amount,
      currency: e.currency,
      commission_id: e.commissionId ?? null,
      withdrawal_id: e.withdrawalId ?? null,
      dedupe_key: e.dedupeKey ?? null,
      note: e.note ?? null,
      created_at: e.at ?? now,
    }));
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('ledger_entries').values(rows.slice(i, i + 200)).execute();
}

/** A move of `amount` from one bucket to another: two entries summing to zero. */
export const move = (
  base: Omit<Entry, 'bucket' | 'amount' | 'dedupeKey'> & { dedupeKey?: string },
  from: LedgerBucket,
  to: LedgerBucket,
  amount: number,
): Entry[] => [
  { ...base, bucket: from, amount: -amount, dedupeKey: base.dedupeKey ? `${base.dedupeKey}:${from}` : null },
  { ...base, bucket: to, amount, dedupeKey: base.dedupeKey ? `${base.dedupeKey}:${to}` : null },
];

/**
 * A distributor's balances: the sums of their entries per currency and
 * bucket, never across currencies. The top-level figures are the shop's
 * default currency's; `balances` lists the shop's accepted currencies
 * (default first), then any other currency the ledger holds (money stored
 * before currencies were checked: shown on its own, never counted as the
 * default's).
 */
export async function balanceOf(tx: Executor, shop: Pick<ShopRecord, 'id' | 'currency' | 'currencies'>, distributorId: string): Promise<Balance> {
  const rows = await tx
    .selectFrom('ledger_entries')
    .select(['currency', 'bucket', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('shop_id', '=', shop.id)
    .where('distributor_id', '=', distributorId)
    .groupBy(['currency', 'bucket'])
    .execute();
  const others = [...new Set(rows.map((r) => r.currency))].filter((c) => !shop.currencies.includes(c)).sort();
  const balances = [...shop.currencies, ...others].map((currency) => sums(currency, rows.filter((r) => r.currency === currency)));
  const { currency: _default, ...main } = balances[0] ?? sums(shop.currency, []);
  return { distributorId, currency: shop.currency, ...main, balances };
}

/** A distributor's balance in one currency: the sums of that currency's entries per bucket. */
export async function currencyBalanceOf(tx: Executor, shopId: string, distributorId: string, currency: string): Promise<CurrencyBalance> {
  const rows = await tx
    .selectFrom('ledger_entries')
    .select(['bucket', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('shop_id', '=', shopId)
    .where('distributor_id', '=', distributorId)
    .where('currency', '=', currency)
    .groupBy('bucket')
    .execute();
  return sums(currency, rows);
}

const sums = (currency: string, rows: { bucket: LedgerBucket; total: number | string | bigint | null }[]): CurrencyBalance => {
  const sum = (b: LedgerBucket) => num(rows.find((r) => r.bucket === b)?.total ?? 0);
  return { currency, pending: sum('pending'), available: sum('available'), inWithdrawal: sum('in_withdrawal'), paid: sum('paid') };
};
