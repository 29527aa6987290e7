import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { ext } from '../db/extension-schema';
import { readBodyText } from '../http/body';
import { HttpError, badRequest, notFound } from '../http/errors';
import { loadSettings } from '../settings/shop-settings';
import { handleStripeEvent, parseStripeEvent } from '../stripe/handle-event';
import { verifyStripeSignature } from '../stripe/verify-signature';

/**
 * `POST /v1/integrations/stripe/{shopId}/webhook`: Stripe events, verified
 * with the shop's Stripe signing secret (`PUT /v1/integrations/stripe`).
 * Idempotent on the event id: a redelivered event returns what it became.
 */
export function stripeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/integrations/stripe/:shopId/webhook', async (c) => {
    const { db, shops, now } = c.get('services');
    const shopId = c.req.param('shopId');
    const shop = /^[A-Za-z0-9_]{1,64}$/.test(shopId) ? await shops.get(shopId) : null;
    if (!shop) throw notFound(`shop ${shopId}`);
    const settings = await loadSettings(db.kysely, shop.id);
    if (!settings.stripeSigningSecret) {
      throw new HttpError(400, 'stripe_not_configured', 'this shop has no Stripe signing secret: PUT /v1/integrations/stripe { signingSecret }');
    }
    const raw = await readBodyText(c);
    const at = now().getTime();
    const problem = verifyStripeSignature(raw, c.req.header('stripe-signature'), settings.stripeSigningSecret, Math.floor(at / 1000));
    if (problem) throw new HttpError(400, 'invalid_signature', `Stripe-Signature refused: ${problem.replaceAll('_', ' ')}`);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw badRequest('request body is not valid JSON');
    }
    const event = parseStripeEvent(body);
    c.set('shop', shop);
    const seen = await ext(db.kysely).selectFrom('stripe_events').select('result').where('shop_id', '=', shop.id).where('id', '=', event.id).executeTakeFirst();
    if (seen) return c.json({ received: true, duplicate: true, result: JSON.parse(seen.result) as unknown });
    const result = await handleStripeEvent(db, shop, event, at);
    await db.writeTx((tx) =>
      ext(tx)
        .insertInto('stripe_events')
        .values({ shop_id: shop.id, id: event.id, type: event.type, result: JSON.stringify(result), received_at: at })
        .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
        .execute(),
    );
    return c.json({ received: true, duplicate: false, result });
  });

  return app;
}
