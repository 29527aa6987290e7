import type { Db } from '../db';
import { ext } from '../db/extension-schema';

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
  const row = await ext(db.kysely).selectFrom('reward_coupons').select('code').where('shop_id', '=', shopId).where('visitor_id', '=', visitorId).executeTakeFirst();
  return row?.code ?? null;
}

/**
 * Hands one pool coupon to a visitor who arrived through `distributorId`'s
 * link, once per visitor: a second call returns the same code. The code is
 * taken with a conditional update (a free row picked `FOR UPDATE SKIP
 * LOCKED` in PostgreSQL; SQLite's single writer serializes), so two
 * processes never hand out the same code, and `(shop_id, visitor_id)` is
 * unique, so one visitor never gets two. The code becomes the distributor's
 * coupon: an order using it is attributed to them.
 */
export async function assignWelcomeCoupon(db: Db, shopId: string, distributorId: string, visitorId: string, now: number): Promise<WelcomeOutcome> {
  const existing = await assignedTo(db, shopId, visitorId);
  if (existing) return { coupon: existing, reason: 'already_assigned' };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 2 * attempt));
    try {
      const result = await db.writeTx(async (tx) => {
        let pick = ext(tx)
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
            ? await ext(tx).selectFrom('reward_coupons').select('code').where('shop_id', '=', shopId).where('assigned_at', 'is', null).limit(1).executeTakeFirst()
            : undefined;
          return locked ? null : { coupon: null, reason: 'pool_empty' as const };
        }
        const taken = await ext(tx)
          .updateTable('reward_coupons')
          .set({ visitor_id: visitorId, distributor_id: distributorId, assigned_at: now })
          .where('shop_id', '=', shopId)
          .where('code', '=', free.code)
          .where('assigned_at', 'is', null)
          .returning('code')
          .executeTakeFirst();
        if (!taken) return null;
        await tx
          .insertInto('coupons')
          .values({ shop_id: shopId, code: taken.code, distributor_id: distributorId, created_at: now })
          .onConflict((oc) => oc.columns(['shop_id', 'code']).doNothing())
          .execute();
        return { coupon: taken.code, reason: 'assigned' as const };
      });
      if (result?.coupon) return result;
      if (result) {
        // the pool ran dry, perhaps while a concurrent request served this same visitor
        const code = await assignedTo(db, shopId, visitorId);
        return code ? { coupon: code, reason: 'already_assigned' } : result;
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // the same visitor was served by a concurrent request: give them that code
      const code = await assignedTo(db, shopId, visitorId);
      if (code) return { coupon: code, reason: 'already_assigned' };
    }
  }
  return { coupon: null, reason: 'pool_empty' };
}
