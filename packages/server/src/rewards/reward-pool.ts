import type { Db } from '../db';
import { num } from '../util/time';

/** Counts of the pool. */
export interface PoolCounts {
  available: number;
  assigned: number;
}

/**
 * Adds the shop's own coupon codes to the welcome-coupon pool. Codes already
 * in the pool, or already a distributor's coupon, are skipped (and listed),
 * so one code can never attribute to two distributors.
 */
export async function addToPool(db: Db, shopId: string, codes: string[], now: number): Promise<{ added: number; skipped: string[] }> {
  const unique = [...new Set(codes)];
  return db.writeTx(async (tx) => {
    const taken = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      const part = unique.slice(i, i + 500);
      const rows = await tx.selectFrom('coupons').select('code').where('shop_id', '=', shopId).where('code', 'in', part).execute();
      for (const r of rows) taken.add(r.code);
    }
    const fresh = unique.filter((c) => !taken.has(c));
    let added = 0;
    for (let i = 0; i < fresh.length; i += 500) {
      const part = fresh.slice(i, i + 500);
      const inserted = await tx
        .insertInto('reward_coupons')
        .values(part.map((code) => ({ shop_id: shopId, code, visitor_id: null, distributor_id: null, assigned_at: null, created_at: now })))
        .onConflict((oc) => oc.columns(['shop_id', 'code']).doNothing())
        .returning('code')
        .execute();
      added += inserted.length;
      const ok = new Set(inserted.map((r) => r.code));
      for (const c of part) if (!ok.has(c)) taken.add(c);
    }
    return { added, skipped: unique.filter((c) => taken.has(c)) };
  });
}

/** How many codes are free and how many were handed out. */
export async function poolCounts(db: Db, shopId: string): Promise<PoolCounts> {
  const rows = await db.kysely
    .selectFrom('reward_coupons')
    .select([(eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.count<number>('assigned_at').as('assigned')])
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  const total = num(rows?.total ?? 0);
  const assigned = num(rows?.assigned ?? 0);
  return { available: total - assigned, assigned };
}
