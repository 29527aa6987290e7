import type { Executor } from '../db';
import { conflict, type DomainError, rateLimited } from '../domain/errors';
import { sha256Hex } from '../util/crypto';
import { DAY_MS } from '../util/time';

/** Why a welcome request is refused. */
export type WelcomeRefusal = 'no_referral_visit' | 'ip_daily_limit' | 'distributor_daily_limit';

/** The daily caps of one welcome request. */
export interface WelcomeCaps {
  perDistributor: number;
  perIp: number;
}

/** The UTC day of `ms`, `YYYY-MM-DD`. */

/** The counter subject of a client IP: a hash with the shop id, so no address is stored. */
export const ipSubject = (shopId: string, ip: string): string => sha256Hex(`welcome:${shopId}:${ip}`).slice(0, 32);

/** 409: the server never saw this visitor arrive through the distributor's link. */
export const noReferralVisit = (): DomainError =>
  conflict(
    'no_referral_visit',
    'a welcome coupon is only for a visitor who arrived through this distributor\'s link (a recorded touch inside the attribution window)',
    { reason: 'no_referral_visit' },
  );

/** 429 until the next UTC day. */
export const dailyLimitReached = (reason: 'ip_daily_limit' | 'distributor_daily_limit', limit: number, now: number): DomainError => {
  const retryAfter = Math.max(1, Math.ceil((DAY_MS - (now % DAY_MS)) / 1000));
  const who = reason === 'ip_daily_limit' ? 'this network address' : "this distributor's link";
  return rateLimited(reason, `${who} has had its ${limit} welcome coupon(s) for today; try again tomorrow (UTC)`, retryAfter, { reason, limit });
};

/** Whether the visitor has a touch through `code` since `since` (ms). */
export async function hasReferralVisit(db: Executor, shopId: string, visitorId: string, code: string, since: number): Promise<boolean> {
  const row = await db
    .selectFrom('touches')
    .select('event_id')
    .where('shop_id', '=', shopId)
    .where('visitor_id', '=', visitorId)
    .where('at', '>=', since)
    .where('code', '=', code)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many coupons `subject` has had on `day` (0 when none). */
export async function assignedToday(db: Executor, shopId: string, day: string, scope: 'distributor' | 'ip', subject: string): Promise<number> {
  const row = await db
    .selectFrom('welcome_daily_counts')
    .select('assigned')
    .where('shop_id', '=', shopId)
    .where('day', '=', day)
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row ? Number(row.assigned) : 0;
}

/**
 * Counts one coupon for `subject` on `day` unless it already has `cap`:
 * one conditional upsert, so concurrent requests (PostgreSQL locks the
 * counter row; SQLite has one writer) can never count past the cap. Returns
 * the new count, or null when the cap was reached. Run inside the
 * transaction that hands out the coupon, so a rollback uncounts it.
 */
export async function countWelcome(tx: Executor, shopId: string, day: string, scope: 'distributor' | 'ip', subject: string, cap: number): Promise<number | null> {
  const row = await tx
    .insertInto('welcome_daily_counts')
    .values({ shop_id: shopId, day, scope, subject, assigned: 1 })
    .onConflict((oc) =>
      oc
        .columns(['shop_id', 'day', 'scope', 'subject'])
        .doUpdateSet({ assigned: (eb) => eb('welcome_daily_counts.assigned', '+', 1) })
        .where('welcome_daily_counts.assigned', '<', cap),
    )
    .returning('assigned')
    .executeTakeFirst();
  return row ? Number(row.assigned) : null;
}

/** Deletes the shop's counters of days before `day` (they limit nothing any more). */
export async function pruneWelcomeCounts(db: Executor, shopId: string, day: string): Promise<void> {
  await db.deleteFrom('welcome_daily_counts').where('shop_id', '=', shopId).where('day', '<', day).execute();
}
