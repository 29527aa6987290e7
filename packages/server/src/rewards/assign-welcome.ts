import type { Db } from '../db';
import { DAY_MS } from '../util/time';
import {
  assignedToday,
  countWelcome,
  dailyLimitReached,
  hasReferralVisit,
  ipSubject,
  noReferralVisit,
  pruneWelcomeCounts,
  type WelcomeCaps,
} from './welcome-limits';
import { utcDay } from '../util/time';

/** The outcome of a welcome request. */
export interface WelcomeOutcome {
  coupon: string | null;
  reason: 'assigned' | 'already_assigned' | 'pool_empty';
}

const isUniqueViolation = (e: unknown): boolean => {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

async function assignedTo(db: Db, shopId: string, visitorId: string): Promise<string | null> {
  const row = await db.kysely.selectFrom('reward_coupons').select('code').where('shop_id', '=', shopId).where('visitor_id', '=', visitorId).executeTakeFirst();
  return row?.code ?? null;
}

/** One welcome request, after its distributor was found active. */
export interface WelcomeRequest {
  shopId: string;
  distributorId: string;
  /** The distributor's referral code: the visitor must have a touch through it. */
  distributorCode: string;
  visitorId: string;
  /** The client's IP, as the server's client-IP helper reads it. */
  ip: string;
  now: number;
  caps: WelcomeCaps;
  /** Touches older than this many days (the program's attribution window) do not count. */
  windowDays: number;
}

/** A refusal decided inside the transaction: thrown to roll the counters back. */
class Refused extends Error {
  constructor(readonly reason: 'ip_daily_limit' | 'distributor_daily_limit' | 'pool_empty' | 'retry', readonly limit = 0) {
    super(reason);
  }
}

/**
 * Hands one pool coupon to a visitor the server saw arrive through
 * `distributorCode`'s link (a stored touch inside the attribution window,
 * else 409 `no_referral_visit`), once per visitor: a second call returns the
 * same code. At most `caps.perIp` coupons per client IP and
 * `caps.perDistributor` per distributor are handed out per UTC day (else
 * 429 `ip_daily_limit` / `distributor_daily_limit`): both are counted by a
 * conditional upsert in the transaction that takes the code, so concurrent
 * requests never pass a cap. The code is taken with a conditional update (a
 * free row picked `FOR UPDATE SKIP LOCKED` in PostgreSQL; SQLite's single
 * writer serializes), so two processes never hand out the same code, and
 * `(shop_id, visitor_id)` is unique, so one visitor never gets two. The code
 * becomes the distributor's coupon: an order using it is attributed to them.
 */
export async function assignWelcomeCoupon(db: Db, request: WelcomeRequest): Promise<WelcomeOutcome> {
  const { shopId, distributorId, visitorId, now, caps } = request;
  const existing = await assignedTo(db, shopId, visitorId);
  if (existing) return { coupon: existing, reason: 'already_assigned' };
  if (!(await hasReferralVisit(db.kysely, shopId, visitorId, request.distributorCode, now - request.windowDays * DAY_MS))) throw noReferralVisit();
  const day = utcDay(now);
  const ipKey = ipSubject(shopId, request.ip);
  // refuse at once, without a write, when a cap is already reached (the upserts below decide under concurrency)
  if ((await assignedToday(db.kysely, shopId, day, 'distributor', distributorId)) >= caps.perDistributor) throw dailyLimitReached('distributor_daily_limit', caps.perDistributor, now);
  if ((await assignedToday(db.kysely, shopId, day, 'ip', ipKey)) >= caps.perIp) throw dailyLimitReached('ip_daily_limit', caps.perIp, now);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 2 * attempt));
    try {
      const result = await db.writeTx(async (tx) => {
        // always the distributor's counter first, then the IP's: one lock order, no deadlock
        const forDistributor = await countWelcome(tx, shopId, day, 'distributor', distributorId, caps.perDistributor);
        if (forDistributor === null) throw new Refused('distributor_daily_limit', caps.perDistributor);
        if ((await countWelcome(tx, shopId, day, 'ip', ipKey, caps.perIp)) === null) throw new Refused('ip_daily_limit', caps.perIp);
        let pick = tx
          .selectFrom('reward_coupons')
          .select('code')
          .where('shop_id', '=', shopId)
          .where('assigned_at', 'is', null)
          .orderBy('created_at')
          .orderBy('code')
          .limit(1);
        if (db.forUpdate) pick = pick.forUpdate().skipLocked();
        const free = await pick.executeTakeFirst();
        if (!free) {
          // rows locked by concurrent requests are skipped; one of them may roll back and free its code
          const locked = db.forUpdate
            ? await tx.selectFrom('reward_coupons').select('code').where('shop_id', '=', shopId).where('assigned_at', 'is', null).limit(1).executeTakeFirst()
            : undefined;
          throw new Refused(locked ? 'retry' : 'pool_empty');
        }
        const taken = await tx
          .updateTable('reward_coupons')
          .set({ visitor_id: visitorId, distributor_id: distributorId, assigned_at: now })
          .where('shop_id', '=', shopId)
          .where('code', '=', free.code)
          .where('assigned_at', 'is', null)
          .returning('code')
          .executeTakeFirst();
        if (!taken) throw new Refused('retry');
        await tx
          .insertInto('coupons')
          .values({ shop_id: shopId, code: taken.code, distributor_id: distributorId, created_at: now })
          .onConflict((oc) => oc.columns(['shop_id', 'code']).doNothing())
          .execute();
        return { coupon: taken.code, firstOfDay: forDistributor === 1 };
      });
      // yesterday's counters limit nothing: dropped once a day per distributor, outside the transaction
      if (result.firstOfDay) await pruneWelcomeCounts(db.kysely, shopId, day).catch(() => undefined);
      return { coupon: result.coupon, reason: 'assigned' };
    } catch (error) {
      if (error instanceof Refused && error.reason === 'retry') continue;
      if (!(error instanceof Refused) && !isUniqueViolation(error)) throw error;
      // a concurrent request may have served this same visitor (and used up a cap doing so): give them that code
      const code = await assignedTo(db, shopId, visitorId);
      if (code) return { coupon: code, reason: 'already_assigned' };
      if (error instanceof Refused) {
        if (error.reason === 'ip_daily_limit' || error.reason === 'distributor_daily_limit') throw dailyLimitReached(error.reason, error.limit, now);
        return { coupon: null, reason: 'pool_empty' };
      }
    }
  }
  return { coupon: null, reason: 'pool_empty' };
}
