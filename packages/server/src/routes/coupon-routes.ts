import { couponCreateSchema, pageQuerySchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context';
import type { CouponTable } from '../db/schema';
import { secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { conflict } from '../http/errors';
import { parseWith, queryObject } from '../http/validate';
import { requireDistributor } from '../services/distributors';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { iso } from '../util/time';

const toCoupon = (row: CouponTable) => ({ code: row.code, distributorId: row.distributor_id, createdAt: iso(Number(row.created_at)) });

const couponListQuerySchema = pageQuerySchema.extend({ distributorId: z.string().max(64).optional() });

/**
 * Distributor coupons (secret key): a code of the shop's own cart that,
 * used on an order, attributes the order to its distributor.
 */
export function couponRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/coupons', secretAuth);

  app.post('/v1/coupons', async (c) => {
    const { db, now } = c.get('services');
    const shop = c.get('shop');
    const input = parseWith(couponCreateSchema, await readJson(c));
    const result = await db.writeTx(async (tx) => {
      await requireDistributor(tx, shop.id, input.distributorId);
      const existing = await tx.selectFrom('coupons').selectAll().where('shop_id', '=', shop.id).where('code', '=', input.code).executeTakeFirst();
      if (existing) {
        if (existing.distributor_id !== input.distributorId) {
          throw conflict('coupon_taken', `coupon ${input.code} already attributes to another distributor`);
        }
        return { status: 200 as const, row: existing };
      }
      const row: CouponTable = { shop_id: shop.id, code: input.code, distributor_id: input.distributorId, created_at: now().getTime() };
      await tx.insertInto('coupons').values(row).execute();
      return { status: 201 as const, row };
    });
    return c.json(toCoupon(result.row), result.status);
  });

  app.get('/v1/coupons', async (c) => {
    const { db } = c.get('services');
    const query = parseWith(couponListQuerySchema, queryObject(c.req.url));
    let q = db.kysely.selectFrom('coupons').selectAll().where('shop_id', '=', c.get('shop').id);
    if (query.distributorId) q = q.where('distributor_id', '=', query.distributorId);
    if (query.cursor) q = q.where('code', '>', decodeCursor(query.cursor).id);
    const rows = await q.orderBy('code').limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return c.json({ data: page.map(toCoupon), nextCursor: rows.length > query.limit && last ? encodeCursor(0, last.code) : null });
  });

  return app;
}
