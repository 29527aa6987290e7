import { couponCreateSchema, couponListQuerySchema, couponSchema, pageOf } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import type { CouponTable } from '../db/schema';
import { secretAuth } from '../http/auth';
import { conflict } from '../http/errors';
import { openApiRoutes, route } from '../openapi/declare';
import { requireDistributor } from '../services/distributors';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { iso } from '../util/time';

const toCoupon = (row: CouponTable) => ({ code: row.code, distributorId: row.distributor_id, createdAt: iso(Number(row.created_at)) });

/**
 * Distributor coupons (secret key): a code of the shop's own cart that,
 * used on an order, attributes the order to its distributor.
 */
export function couponRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/coupons', secretAuth);

  const create = { method: 'post', path: '/v1/coupons', tag: 'Coupons', auth: 'secret', summary: 'A coupon of the shop cart that attributes to a distributor', body: couponCreateSchema, response: couponSchema, status: 201 } as const;
  route(app, create, async (c) => {
    const { db, now } = c.get('services');
    const shop = c.get('shop');
    const input = c.req.valid('json');
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

  route(app, { method: 'get', path: '/v1/coupons', tag: 'Coupons', auth: 'secret', summary: 'List coupons', query: couponListQuerySchema, response: pageOf(couponSchema) }, async (c) => {
    const { db } = c.get('services');
    const query = c.req.valid('query');
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
