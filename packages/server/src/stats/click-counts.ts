import { sql } from 'kysely';
import type { Executor } from '../db';
import { utcDay } from '../util/time';

/**
 * Click counts for reports, read from the daily click rollups
 * (`daily_clicks`, kept in the click batch's transaction) rather than the raw
 * clicks: the work follows the days and codes asked for, and the counts stay
 * after old raw clicks are pruned. Instants are rounded to their UTC day.
 */

/** Clicks per referral code among `codes` in `[fromMs, toMs)`. */
export async function clicksByCode(db: Executor, shopId: string, codes: string[], fromMs: number, toMs: number): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('daily_clicks')
    .select(['code', sql<number>`sum(clicks)`.as('n')])
    .where('shop_id', '=', shopId)
    .where('code', 'in', codes)
    .where('day', '>=', utcDay(fromMs))
    .where('day', '<=', utcDay(toMs - 1))
    .groupBy('code')
    .execute();
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** The referral codes clicked at least once on or after the day of `sinceMs`. */
export async function codesClickedSince(db: Executor, shopId: string, sinceMs: number): Promise<{ code: string }[]> {
  return db.selectFrom('daily_clicks').select('code').distinct().where('shop_id', '=', shopId).where('day', '>=', utcDay(sinceMs)).execute();
}

/** Clicks per UTC day number (ms / 86,400,000) in `[fromMs, toMs)`, both whole days: a row per day (`daily_click_totals`). */
export async function clicksByDay(db: Executor, shopId: string, fromMs: number, toMs: number): Promise<{ day: number; n: number }[]> {
  const rows = await db
    .selectFrom('daily_click_totals')
    .select(['day', 'clicks'])
    .where('shop_id', '=', shopId)
    .where('day', '>=', utcDay(fromMs))
    .where('day', '<=', utcDay(toMs - 1))
    .execute();
  return rows.map((r) => ({ day: Date.parse(`${r.day}T00:00:00Z`) / 86_400_000, n: Number(r.clicks) }));
}
