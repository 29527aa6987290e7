import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { readBodyText } from '../http/body';
import { HttpError, badRequest, notFound } from '../http/errors';
import { loadSettings } from '../settings/shop-settings';
import { runDelivery } from '../integrations/run-delivery';
import { handleStripeEvent, parseStripeEvent, stripeHandled } from '../integrations/stripe/handle-event';
import { verifyStripeSignature } from '../integrations/stripe/verify-signature';

/**
 * `POST /v1/integrations/stripe/{shopId}/webhook`: Stripe events, verified
 * with the shop's Stripe signing secret (`PUT /v1/integrations/stripe`).
 * Idempotent on the event id: a redelivered event returns what it became.
 * Runs on the connector layer like the commerce platforms (the event is kept
 * in the shop's integration events); a bad signature stays 400, as Stripe's
 * own libraries expect.
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
    const answer = await runDelivery(db, shop, 'stripe', { id: event.id, topic: event.type }, async () => stripeHandled(await handleStripeEvent(db, shop, event, at)), at, c.get('services').logger);
    return c.json(answer);
  });

  return app;
}
