import { conversionEventSchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { authenticateBrowser } from '../http/auth';
import { readJson } from '../http/body';
import { notFound } from '../http/errors';
import { parseWith } from '../http/validate';
import { findByCode } from '../services/distributors';
import { keyOf, recordClick } from '../services/track-click';

/** Tracking and public lookups (publishable key, allowed origins only). */
export function browserRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/track/click', async (c) => {
    const body = await readJson(c);
    const shop = await authenticateBrowser(c, keyOf(body));
    return c.json(await recordClick(c.get('services'), shop, body), 202);
  });

  app.post('/v1/track/conversion', async (c) => {
    const { db, now } = c.get('services');
    const body = await readJson(c);
    const shop = await authenticateBrowser(c, keyOf(body));
    const ev = parseWith(conversionEventSchema, body);
    const inserted = await db.writeTx((tx) =>
      tx
        .insertInto('conversions')
        .values({
          shop_id: shop.id,
          event_id: ev.eventId,
          visitor_id: ev.visitorId,
          order_id: ev.orderId,
          amount: ev.amount,
          currency: ev.currency,
          code: ev.code ?? null,
          at: now().getTime(),
        })
        .onConflict((oc) => oc.columns(['shop_id', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst(),
    );
    return c.json({ accepted: true, duplicate: inserted === undefined, verified: false }, 202);
  });

  app.get('/v1/public/distributors/:code', async (c) => {
    const { db } = c.get('services');
    const shop = await authenticateBrowser(c, undefined);
    const d = await findByCode(db.kysely, shop.id, c.req.param('code'));
    if (!d || d.status !== 'active') throw notFound(`distributor ${c.req.param('code')}`);
    return c.json({ code: d.code, displayName: d.name });
  });

  return app;
}
