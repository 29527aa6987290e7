import type { Program } from '@twotier/core';
import { sql } from 'kysely';
import type { Executor } from '../db';
import { formatMinor, minorDigits, toCsv } from '../util/csv';

/** `GET /v1/admin/compliance`: what a shop shows an auditor. */
export interface Compliance {
  currency: string;
  /** Paid levels the program allows (1 or 2). */
  levels: 1 | 2;
  /** The deepest level any recorded commission was paid at (0 when none). */
  deepestLevelPaid: number;
  /** There is no fee, purchase or deposit to join: the product has no such field. */
  joinFee: 0;
  /** Ledger entries paying for recruiting as such: always 0, every entry traces to a sale. */
  recruitmentRewards: number;
  /** Money earned by level (commissions net of reversals) and its status. */
  byLevel: { level: number; earned: number; reversed: number; net: number; available: number; pending: number }[];
  /** Bonuses: earned on sales only (own or direct recruits'), never on heads. */
  bonuses: number;
  /** Paid out through withdrawals. */
  paidOut: number;
}

/** Ledger kinds that move money into a distributor's balance. */
const SALE_KINDS = ['commission', 'bonus', 'performance_bonus', 'team_bonus'];

/** The program's compliance facts, from the ledger and commissions. */
export async function compliance(db: Executor, shop: { id: string; currency: string; program: Program }): Promise<Compliance> {
  const [levels, kinds, paid] = await Promise.all([
    db.selectFrom('commissions')
      .select(['level', 'status', sql<number>`coalesce(sum(amount), 0)`.as('earned'), sql<number>`coalesce(sum(reversed), 0)`.as('reversed')])
      .where('shop_id', '=', shop.id).groupBy(['level', 'status']).execute(),
    db.selectFrom('ledger_entries')
      .select(['kind', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(amount), 0)`.as('amount'), sql<number>`count(commission_id)`.as('traced')])
      .where('shop_id', '=', shop.id).where('bucket', '=', 'pending').where('amount', '>', 0).groupBy('kind').execute(),
    db.selectFrom('withdrawals').select(sql<number>`coalesce(sum(amount), 0)`.as('n')).where('shop_id', '=', shop.id).where('status', '=', 'paid').executeTakeFirst(),
  ]);
  const byLevel = new Map<number, Compliance['byLevel'][number]>();
  for (const r of levels) {
    const row = byLevel.get(r.level) ?? { level: r.level, earned: 0, reversed: 0, net: 0, available: 0, pending: 0 };
    row.earned += Number(r.earned);
    row.reversed += Number(r.reversed);
    row.net = row.earned - row.reversed;
    if (r.status === 'available') row.available += Number(r.earned) - Number(r.reversed);
    if (r.status === 'pending') row.pending += Number(r.earned) - Number(r.reversed);
    byLevel.set(r.level, row);
  }
  const recruitmentRewards = kinds.filter((k) => !SALE_KINDS.includes(k.kind) || (k.kind === 'commission' && Number(k.traced) < Number(k.n))).reduce((s, k) => s + Number(k.n), 0);
  const bonuses = kinds.filter((k) => k.kind.includes('bonus')).reduce((s, k) => s + Number(k.amount), 0);
  return {
    currency: shop.currency,
    levels: shop.program.levels,
    deepestLevelPaid: Math.max(0, ...[...byLevel.keys()]),
    joinFee: 0,
    recruitmentRewards,
    byLevel: [...byLevel.values()].sort((a, b) => a.level - b.level),
    bonuses,
    paidOut: Number(paid?.n ?? 0),
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
      return [r.level, r.id, r.order_id, r.code, r.name, r.currency, Number(r.amount), Number(r.reversed), net, formatMinor(net, minorDigits(r.currency)), r.status, new Date(Number(r.created_at)).toISOString()];
    }),
  ]);
}
