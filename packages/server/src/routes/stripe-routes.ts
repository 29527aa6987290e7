import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { readBodyText } from '../http/body';
import { HttpError, badRequest, notFound } from '../http/errors';
import { openApiRoutes, route } from '../openapi/declare';
import { stripeResultSchema } from '@twotier/core/schema';
import { loadSettings } from '../settings/shop-settings';
import { runDelivery } from '../integrations/run-delivery';
import { handleStripeEvent, parseStripeEvent, stripeHandled } from '../integrations/stripe/handle-event';
import { verifyStripeSignature } from '../integrations/stripe/verify-signature';

/** A Stripe event as Stripe sends it (the fields read; the rest passes). */
const stripeEventSchema = z.looseObject({
  id: z.string().describe('evt_…'),
  type: z.string().describe('checkout.session.completed, charge.refunded, …'),
  data: z.looseObject({ object: z.looseObject({}) }),
});

/**
 * `POST /v1/integrations/stripe/{shopId}/webhook`: Stripe events, verified
 * with the shop's Stripe signing secret (`PUT /v1/integrations/stripe`).
 * Idempotent on the event id: a redelivered event returns what it became.
 * Runs on the connector layer like the commerce platforms (the event is kept
 * in the shop's integration events); a bad signature stays 400, as Stripe's
 * own libraries expect.
 */
export function stripeRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  // the signature is checked on the raw body, so the handler reads it
  const webhook = {
    method: 'post',
    path: '/v1/integrations/stripe/{shopId}/webhook',
    tag: 'Stripe',
    auth: 'stripe',
    summary: 'Stripe events (Stripe-Signature, 300 s tolerance, idempotent on event id)',
    body: stripeEventSchema,
    response: stripeResultSchema,
    manual: true,
  } as const;
  route(app, webhook, async (c) => {
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
