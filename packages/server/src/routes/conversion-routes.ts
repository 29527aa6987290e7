import { externalIdSchema, pageOf, pageQuerySchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { iso } from '../util/time';

/** `GET /v1/conversions?orderId=&limit=&cursor=` (secret key). */
export const conversionListQuerySchema = pageQuerySchema.extend({ orderId: externalIdSchema.optional() });

/** A browser conversion as the shop's server sees it: with whether a verified order confirmed it. */
export const conversionSchema = z.object({
  eventId: z.string(),
  orderId: z.string(),
  visitorId: z.string(),
  amount: z.number(),
  currency: z.string(),
  code: z.string().nullable(),
  reportedAt: z.string(),
  /** A verified order (secret key or signed webhook) with this order id arrived. */
  verified: z.boolean(),
  verifiedAt: z.string().nullable(),
});

export const conversionPageSchema = pageOf(conversionSchema);

/**
 * Browser conversions and their verification, for the secret key only: the
 * publishable key's answer to a report never says whether the order exists.
 */
export function conversionRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  const list = {
    method: 'get',
    path: '/v1/conversions',
    tag: 'Browser',
    auth: 'secret',
    summary: 'Browser conversions, newest first, with whether a verified order confirmed each (the publishable key is never told)',
    query: conversionListQuerySchema,
    response: conversionPageSchema,
    middleware: [secretAuth],
  } as const;
  route(app, list, async (c) => {
    const { db } = c.get('services');
    const shopId = c.get('shop').id;
    const query = c.req.valid('query');
    let q = db.kysely.selectFrom('conversions').selectAll().where('shop_id', '=', shopId);
    if (query.orderId) q = q.where('order_id', '=', query.orderId);
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor);
      const at = Number(value);
      q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('event_id', '<', id)])]));
    }
    const rows = await q.orderBy('at', 'desc').orderBy('event_id', 'desc').limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return c.json({
      data: page.map((r) => ({
        eventId: r.event_id,
        orderId: r.order_id,
        visitorId: r.visitor_id,
        amount: Number(r.amount),
        currency: r.currency,
        code: r.code,
        reportedAt: iso(Number(r.at)),
        verified: r.verified_at !== null,
        verifiedAt: r.verified_at === null ? null : iso(Number(r.verified_at)),
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(Number(last.at), last.event_id) : null,
    });
  });
  return app;
}
