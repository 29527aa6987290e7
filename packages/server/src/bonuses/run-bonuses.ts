import { evaluatePeriodBonuses, gradeForSales, type PeriodBonus } from '@twotier/core';
import type { ShopRecord } from '../context';
import type { Db, Executor } from '../db';
import { appendEntries, type Entry } from '../services/ledger';
import { newId } from '../util/ids';
import { num } from '../util/time';
import { emitEvent } from '../webhooks/emit';
import { closedPeriods, type Period } from './periods';
import { salesByDistributor } from './period-sales';

/** What one closed period paid. */
export interface PeriodRun {
  period: string;
  /** Distributors paid a bonus in any currency. */
  distributors: number;
  /** Paid in the shop's default currency. */
  total: number;
  /** Paid per currency (never added together), the default first; only for a shop that accepts more than one. */
  totals?: { currency: string; total: number }[];
}

/** What {@link runBonuses} did. */
export interface BonusRunResult {
  periods: PeriodRun[];
  upgrades: { distributorId: string; from: string | null; to: string }[];
}

/**
 * Pays the performance and team bonuses of every closed period of the shop
 * (DESIGN.md, Bonuses) and applies automatic grade upgrades. Each period is
 * claimed once by inserting its `bonus_periods` row: a second process (or
 * a second call) finds the row and skips it, and `bonuses` is unique per
 * shop, distributor, period, kind and currency, so a bonus is never paid twice.
 *
 * Each of the shop's currencies is measured on its own: sales in USD reach
 * only the USD tiers (`programAmountsIn`), and a bonus is paid in the
 * currency of the sales that earned it. Legacy orders in a currency the shop
 * does not accept earn no bonus.
 */
export async function runBonuses(db: Db, shop: ShopRecord, now: number): Promise<BonusRunResult> {
  const result: BonusRunResult = { periods: [], upgrades: [] };
  const first = await db.kysely
    .selectFrom('orders')
    .select((eb) => eb.fn.min<number>('placed_at').as('first'))
    .where('shop_id', '=', shop.id)
    .where('distributor_id', 'is not', null)
    .executeTakeFirst();
  if (!first?.first) return result;
  const done = new Set(
    (await db.kysely.selectFrom('bonus_periods').select('period').where('shop_id', '=', shop.id).execute()).map((r) => r.period),
  );
  for (const period of closedPeriods(shop.program.bonusPeriod, num(first.first), shop.program.holdDays, now, done)) {
    const run = await db.writeTx((tx) => runPeriod(tx, shop, period, now, result));
    if (run) result.periods.push(run);
  }
  return result;
}

async function runPeriod(tx: Executor, shop: ShopRecord, period: Period, now: number, result: BonusRunResult): Promise<PeriodRun | null> {
  const claimed = await tx
    .insertInto('bonus_periods')
    .values({ shop_id: shop.id, period: period.key, distributors: 0, total: 0, run_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'period']).doNothing())
    .returning('period')
    .executeTakeFirst();
  if (!claimed) return null;

  const byCurrency = await salesByDistributor(tx, shop.id, period.start, period.end);
  const paidIds = new Set<string>();
  const totals: { currency: string; total: number }[] = [];
  const grades = new Map<string, string | null>();
  for (const currency of shop.currencies) {
    const sales = byCurrency.get(currency) ?? new Map<string, number>();
    const total = await payCurrency(tx, shop, period, currency, sales, grades, paidIds, result, now);
    totals.push({ currency, total });
  }
  const total = totals[0]?.total ?? 0;
  await tx.updateTable('bonus_periods').set({ distributors: paidIds.size, total }).where('shop_id', '=', shop.id).where('period', '=', period.key).execute();
  return { period: period.key, distributors: paidIds.size, total, ...(totals.length > 1 ? { totals } : {}) };
}

/** One currency's bonuses and upgrades of a period; returns what it paid. `grades` carries upgrades between currencies. */
async function payCurrency(
  tx: Executor,
  shop: ShopRecord,
  period: Period,
  currency: string,
  sales: Map<string, number>,
  grades: Map<string, string | null>,
  paidIds: Set<string>,
  result: BonusRunResult,
  now: number,
): Promise<number> {
  const context = { currency, defaultCurrency: shop.currency };
  const ids = [...sales.keys()];
  const rows = ids.length
    ? await tx.selectFrom('distributors').select(['id', 'parent_id', 'status', 'grade']).where('shop_id', '=', shop.id).where('id', 'in', ids).execute()
    : [];
  const team = new Map<string, number[]>();
  for (const r of rows) if (r.parent_id) team.set(r.parent_id, [...(team.get(r.parent_id) ?? []), sales.get(r.id) ?? 0]);
  const parentIds = [...team.keys()].filter((id) => !sales.has(id));
  const parents = parentIds.length
    ? await tx.selectFrom('distributors').select(['id', 'parent_id', 'status', 'grade']).where('shop_id', '=', shop.id).where('id', 'in', parentIds).execute()
    : [];

  let total = 0;
  for (const d of [...rows, ...parents]) {
    if (d.status !== 'active') continue;
    const own = sales.get(d.id) ?? 0;
    const { performance, team: teamBonus } = evaluatePeriodBonuses({ program: shop.program, ownSales: own, recruitsSales: team.get(d.id) ?? [], currency: context });
    for (const [kind, bonus, measured] of [
      ['performance', performance, own],
      ['team', teamBonus, (team.get(d.id) ?? []).reduce((a, b) => a + b, 0)],
    ] as const) {
      if (!bonus || bonus.amount === 0) continue;
      await payBonus(tx, shop, d.id, period.key, kind, measured, bonus, currency, now);
      total += bonus.amount;
      paidIds.add(d.id);
    }
    const current = grades.has(d.id) ? grades.get(d.id)! : d.grade;
    const upgraded = await applyUpgrade(tx, shop, { ...d, grade: current }, own, currency);
    if (upgraded) {
      grades.set(d.id, upgraded.to);
      result.upgrades.push(upgraded);
    }
  }
  return total;
}

async function payBonus(
  tx: Executor,
  shop: ShopRecord,
  distributorId: string,
  period: string,
  kind: 'performance' | 'team',
  sales: number,
  bonus: PeriodBonus,
  currency: string,
  now: number,
): Promise<void> {
  const id = newId('bon');
  const explanation = JSON.stringify({ tier: bonus.tier, explanation: bonus.explanation });
  await tx
    .insertInto('bonuses')
    .values({ shop_id: shop.id, id, distributor_id: distributorId, period, kind, sales, amount: bonus.amount, currency, explanation, created_at: now })
    .execute();
  const entry: Entry = {
    distributorId,
    bucket: 'available',
    kind: `bonus_${kind}`,
    amount: bonus.amount,
    currency,
    // the default currency keeps the key it always had
    dedupeKey: `bonus:${period}:${kind}:${distributorId}${currency === shop.currency ? '' : `:${currency}`}`,
    note: bonus.explanation,
  };
  await appendEntries(tx, shop.id, [entry], now);
  await emitEvent(tx, shop.id, 'bonus.created', { id, distributorId, period, kind, sales, amount: bonus.amount, currency, explanation: bonus.explanation }, now);
}

/** Moves the distributor up when `sales` (in `currency`) reach a higher grade's threshold in that currency; never down. */
export async function applyUpgrade(
  tx: Executor,
  shop: ShopRecord,
  d: { id: string; grade: string | null; status: string },
  sales: number,
  currency: string = shop.currency,
): Promise<{ distributorId: string; from: string | null; to: string } | null> {
  if (d.status !== 'active') return null;
  const next = gradeForSales(shop.program, d.grade, sales, { currency, defaultCurrency: shop.currency });
  if (next === null || next === d.grade) return null;
  let q = tx.updateTable('distributors').set({ grade: next }).where('shop_id', '=', shop.id).where('id', '=', d.id);
  q = d.grade === null ? q.where('grade', 'is', null) : q.where('grade', '=', d.grade);
  const changed = await q.executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0 ? { distributorId: d.id, from: d.grade, to: next } : null;
}
