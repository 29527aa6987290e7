import { clickAcceptedSchema, clickEventSchema, conversionAcceptedSchema, conversionEventSchema, publicDistributorSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { authenticateBrowser } from '../http/auth';
import { readJson } from '../http/body';
import { notFound } from '../http/errors';
import { parseWith } from '../http/validate';
import { openApiRoutes, route } from '../openapi/declare';
import { requireAcceptedCurrency } from '../services/currencies';
import { findByCode } from '../services/distributors';
import { keyOf, recordClick } from '../services/track-click';

/** Tracking and public lookups (publishable key, allowed origins only). */
export function browserRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  // each reads its body itself: the publishable key in it comes first (401/403 before 422)
  const click = { method: 'post', path: '/v1/track/click', tag: 'Browser', auth: 'publishable', summary: 'Record a touch (text/plain accepted; duplicate eventId is a no-op)', body: clickEventSchema, response: clickAcceptedSchema, status: 202, manual: true } as const;
  route(app, click, async (c) => {
    const body = await readJson(c);
    const shop = await authenticateBrowser(c, keyOf(body));
    return c.json(await recordClick(c.get('services'), shop, body), 202);
  });

  const conversion = {
    method: 'post',
    path: '/v1/track/conversion',
    tag: 'Browser',
    auth: 'publishable',
    summary: 'Record a browser conversion (unverified until the verified order with its orderId arrives; the answer never says which: see GET /v1/conversions)',
    body: conversionEventSchema,
    response: conversionAcceptedSchema,
    status: 202,
    manual: true,
  } as const;
  route(app, conversion, async (c) => {
    const { db, now } = c.get('services');
    const body = await readJson(c);
    const shop = await authenticateBrowser(c, keyOf(body));
    const ev = parseWith(conversionEventSchema, body);
    requireAcceptedCurrency(shop, ev.currency, `conversion of order ${ev.orderId}`);
    const at = now().getTime();
    const answer = await db.writeTx(async (tx) => {
      // confirmed at once when the verified order is already here
      const order = await tx.selectFrom('orders').select('created_at').where('shop_id', '=', shop.id).where('id', '=', ev.orderId).executeTakeFirst();
      const inserted = await tx
        .insertInto('conversions')
        .values({
          shop_id: shop.id,
          event_id: ev.eventId,
          visitor_id: ev.visitorId,
          order_id: ev.orderId,
          amount: ev.amount,
          currency: ev.currency,
          code: ev.code ?? null,
          at,
          verified_at: order ? at : null,
        })
        .onConflict((oc) => oc.columns(['shop_id', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      return { duplicate: !inserted };
    });
    // never whether the order exists: a page could probe order ids (verification: GET /v1/conversions, secret key)
    return c.json({ accepted: true, ...answer, verified: false }, 202);
  });

  const keyQuery = z.object({ key: z.string().describe('publishable key, pk_…') });
  const publicDistributor = { method: 'get', path: '/v1/public/distributors/{code}', tag: 'Browser', auth: 'publishable', summary: 'Public name of a distributor, for "invited by"', query: keyQuery, response: publicDistributorSchema, manual: true } as const;
  route(app, publicDistributor, async (c) => {
    const { db } = c.get('services');
    const shop = await authenticateBrowser(c, undefined);
    const d = await findByCode(db.kysely, shop.id, c.req.param('code'));
    if (!d || d.status !== 'active') throw notFound(`distributor ${c.req.param('code')}`);
    return c.json({ code: d.code, displayName: d.name });
  });

  return app;
}
