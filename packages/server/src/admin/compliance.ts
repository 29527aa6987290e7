import { minorUnitsToDecimal, type Program } from '@twotier/core';
import { sql } from 'kysely';
import type { Executor } from '../db';
import { figureTotals } from '../read-models/daily-figures';
import { toCsv } from '../util/csv';

/** `GET /v1/admin/compliance`: what a shop shows an auditor. Money in `currency` (the shop's default); each other currency on its own in `otherCurrencies`. */
export interface Compliance {
  currency: string;
  /** Per other currency: commissions net of reversals, bonuses and payouts, never added to the default's. */
  otherCurrencies: { currency: string; earned: number; reversed: number; net: number; bonuses: number; paidOut: number }[];
  /** Paid levels the program allows (1 or 2). */
  levels: 1 | 2;
  /** The deepest level any recorded commission was paid at (0 when none). */
  deepestLevelPaid: number;
  /** There is no fee, purchase or deposit to join: the product has no such field. */
  joinFee: 0;
  /** Ledger entries of a kind the product does not write (nothing pays for recruiting as such): 0. */
  recruitmentRewards: number;
  /** Money earned by level (commissions net of reversals) and its status. */
  byLevel: { level: number; earned: number; reversed: number; net: number; available: number; pending: number }[];
  /** Bonuses: earned on sales only (own or direct recruits'), never on heads. */
  bonuses: number;
  /** Paid out through withdrawals. */
  paidOut: number;
}

/** Every kind of ledger entry the product writes (plus `withdrawal_<action>`); each traces to a sale, a hold ending, a payout or a period bonus on sales. */
export const LEDGER_KINDS = ['commission', 'settlement', 'withdrawal', 'reversal', 'clawback', 'bonus_performance', 'bonus_team'];
const isKnownKind = (kind: string): boolean => LEDGER_KINDS.includes(kind) || /^withdrawal_[a-z]+$/.test(kind);

/**
 * The program's compliance facts. Money by level and payouts come from the
 * daily rollups the writes keep (read-models/daily-figures.ts: commissions
 * by level, pending and available as the ledger has them, and reversed;
 * withdrawals paid), the ledger's kinds by an index skip-scan, so the answer
 * does not read every commission or ledger entry.
 */
export async function compliance(db: Executor, shop: { id: string; currency: string; program: Program }): Promise<Compliance> {
  const [totals, kinds, bonusRows] = await Promise.all([
    figureTotals(db, shop.id),
    sql<{ kind: string | null }>`with recursive k(kind) as (
        select min(kind) from ledger_entries where shop_id = ${shop.id}
        union all
        select (select min(kind) from ledger_entries where shop_id = ${shop.id} and kind > k.kind) from k where k.kind is not null
      ) select kind from k where kind is not null`.execute(db),
    db.selectFrom('ledger_entries').select(['currency', sql<number>`coalesce(sum(amount), 0)`.as('n')]).where('shop_id', '=', shop.id).where('kind', 'in', ['bonus_performance', 'bonus_team']).groupBy('currency').execute(),
  ]);
  const unknown = kinds.rows.map((r) => r.kind!).filter((kind) => !isKnownKind(kind));
  const unknownCount = unknown.length
    ? await db.selectFrom('ledger_entries').select(sql<number>`count(*)`.as('n')).where('shop_id', '=', shop.id).where('kind', 'in', unknown).executeTakeFirst()
    : { n: 0 };
  const own = totals.get(shop.currency);
  const byLevel = [...(own?.levels ?? [])]
    .map(([level, l]) => ({ level, earned: l.pending + l.available + l.reversed, reversed: l.reversed, net: l.pending + l.available, available: l.available, pending: l.pending }))
    .sort((a, b) => a.level - b.level);
  const otherCurrencies = new Map<string, Compliance['otherCurrencies'][number]>();
  const other = (currency: string) => {
    let row = otherCurrencies.get(currency);
    if (!row) otherCurrencies.set(currency, (row = { currency, earned: 0, reversed: 0, net: 0, bonuses: 0, paidOut: 0 }));
    return row;
  };
  for (const [currency, t] of totals) {
    if (currency === shop.currency) continue;
    const row = other(currency);
    for (const l of t.levels.values()) {
      row.earned += l.pending + l.available + l.reversed;
      row.reversed += l.reversed;
      row.net += l.pending + l.available;
    }
    row.paidOut = t.paid;
  }
  for (const r of bonusRows) if (r.currency !== shop.currency) other(r.currency).bonuses = Number(r.n);
  return {
    currency: shop.currency,
    otherCurrencies: [...otherCurrencies.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    levels: shop.program.levels,
    deepestLevelPaid: Math.max(0, ...byLevel.filter((l) => l.earned > 0).map((l) => l.level)),
    joinFee: 0,
    recruitmentRewards: Number(unknownCount?.n ?? 0),
    byLevel,
    bonuses: Number(bonusRows.find((r) => r.currency === shop.currency)?.n ?? 0),
    paidOut: own?.paid ?? 0,
  };
}

/** Every commission ever recorded, by level, as CSV (one row each, net of reversals). */
export async function complianceCsv(db: Executor, shop: { id: string; currency: string }): Promise<string> {
  const rows = await db
    .selectFrom('commissions as c')
    .innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 'c.shop_id').onRef('d.id', '=', 'c.distributor_id'))
    .select(['c.id', 'c.order_id', 'c.level', 'c.currency', 'c.amount', 'c.reversed', 'c.status', 'c.created_at', 'd.code', 'd.name'])
    .where('c.shop_id', '=', shop.id)
    .orderBy('c.level')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  const header = ['level', 'commission_id', 'order_id', 'distributor_code', 'distributor_name', 'currency', 'earned_minor', 'reversed_minor', 'net_minor', 'net', 'status', 'created_at'];
  return toCsv([
    header,
    ...rows.map((r) => {
      const net = Number(r.amount) - Number(r.reversed);
      return [r.level, r.id, r.order_id, r.code, r.name, r.currency, Number(r.amount), Number(r.reversed), net, minorUnitsToDecimal(net, r.currency), r.status, new Date(Number(r.created_at)).toISOString()];
    }),
  ]);
}
