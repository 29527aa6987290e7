import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv, ShopRecord } from '../context';
import { secretAuth } from '../http/auth';
import { readBodyText } from '../http/body';
import { HttpError, badRequest, notFound } from '../http/errors';
import { parseWith } from '../http/validate';
import { eventSummary, listEvents, type IntegrationEvent } from '../integrations/event-log';
import {
  deliveryAnswerSchema,
  integrationEventSchema,
  integrationEventsQuerySchema,
  integrationStatusSchema,
  shopifySettingsSchema,
  wooSettingsSchema,
} from '@twotier/core/schema';
import { loadIntegration, saveIntegration, type ShopifyConfig, type WooCommerceConfig } from '../integrations/integration-settings';
import { runDelivery } from '../integrations/run-delivery';
import type { Platform } from '../integrations/schema';
import { SHOPIFY_TOPICS, handleShopifyEvent } from '../integrations/shopify/handle-shopify';
import { verifyBase64Hmac } from '../integrations/verify-hmac';
import { DEFAULT_COUNT_STATUSES, WOOCOMMERCE_TOPICS, handleWooEvent } from '../integrations/woocommerce/handle-woocommerce';
import { openApiRoutes, route } from '../openapi/declare';
import { loadSettings } from '../settings/shop-settings';
import { sha256Hex } from '../util/crypto';
import { iso } from '../util/time';

/** A platform's order or refund: its id, and the fields each connector reads (the rest passes). */
const platformPayloadSchema = z.looseObject({ id: z.union([z.number(), z.string()]) });

/** Platform deliveries are whole orders: larger than API bodies. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const PLATFORMS: Platform[] = ['shopify', 'woocommerce', 'stripe'];
const STRIPE_TOPICS = ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'charge.refunded'];

/** This server's origin as the platform reaches it (forwarded headers only behind a trusted proxy). */
function origin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.get('services').trustProxy) {
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    if (host) return `${proto === 'http' ? 'http' : 'https'}://${host}`;
  }
  return url.origin;
}

async function status(c: Context<AppEnv>, platform: Platform) {
  const { db } = c.get('services');
  const shop = c.get('shop');
  const summary: { lastEvent: IntegrationEvent | null; lastError: IntegrationEvent | null } = await eventSummary(db.kysely, shop.id, platform);
  const webhookUrl = `${origin(c)}/v1/integrations/${platform}/${shop.id}/webhook`;
  if (platform === 'stripe') {
    const settings = await loadSettings(db.kysely, shop.id);
    return { platform, configured: settings.stripeSigningSecret !== null, webhookUrl, topics: STRIPE_TOPICS, updatedAt: null, ...summary };
  }
  const settings = await loadIntegration<ShopifyConfig & WooCommerceConfig>(db.kysely, shop.id, platform);
  return {
    platform,
    configured: settings !== null,
    webhookUrl,
    topics: platform === 'shopify' ? [...SHOPIFY_TOPICS] : [...WOOCOMMERCE_TOPICS],
    ...(platform === 'shopify' ? { shopDomain: settings?.config.shopDomain ?? null } : { countStatuses: settings?.config.countStatuses ?? DEFAULT_COUNT_STATUSES }),
    updatedAt: settings ? iso(settings.updatedAt) : null,
    ...summary,
  };
}

async function deliveryShop(c: Context<AppEnv>): Promise<ShopRecord> {
  const shopId = c.req.param('shopId') ?? '';
  const shop = /^[A-Za-z0-9_]{1,64}$/.test(shopId) ? await c.get('services').shops.get(shopId) : null;
  if (!shop) throw notFound(`shop ${shopId}`);
  c.set('shop', shop);
  return shop;
}

const parseBody = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
};

/** A delivery id, or (without one) the body's hash: the same body is the same event. */
const eventIdOf = (header: string | undefined, raw: string): string => (header?.trim() ? header.trim().slice(0, 200) : `sha256:${sha256Hex(raw)}`);

/**
 * The commerce-platform connectors: `PUT /v1/integrations/shopify|woocommerce`
 * (secret key) set a platform's webhook secret; `GET /v1/integrations` and
 * `GET /v1/integrations/{platform}/events` show each platform's status and
 * its recent events (the dashboard reads them too); the platforms deliver to
 * `POST /v1/integrations/{platform}/{shopId}/webhook`. A bad or missing
 * signature is 401 and writes nothing.
 */
export function integrationRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  const shopify = {
    method: 'put',
    path: '/v1/integrations/shopify',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Set the Shopify webhook secret (and the shop domain deliveries must name)',
    body: shopifySettingsSchema,
    response: integrationStatusSchema,
    middleware: [secretAuth],
  } as const;
  route(app, shopify, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    const config: ShopifyConfig = input.shopDomain ? { shopDomain: input.shopDomain } : {};
    await db.writeTx((tx) => saveIntegration(tx, c.get('shop').id, 'shopify', input.webhookSecret, config, now().getTime()));
    return c.json(await status(c, 'shopify'));
  });

  const woo = {
    method: 'put',
    path: '/v1/integrations/woocommerce',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Set the WooCommerce webhook secret (and the statuses at which an order counts)',
    body: wooSettingsSchema,
    response: integrationStatusSchema,
    middleware: [secretAuth],
  } as const;
  route(app, woo, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    const config: WooCommerceConfig = input.countStatuses ? { countStatuses: [...new Set(input.countStatuses)] } : {};
    await db.writeTx((tx) => saveIntegration(tx, c.get('shop').id, 'woocommerce', input.webhookSecret, config, now().getTime()));
    return c.json(await status(c, 'woocommerce'));
  });

  const list = { method: 'get', path: '/v1/integrations', tag: 'Integrations', auth: 'secret', summary: "Each platform's status, webhook URL, last event and last error", response: z.object({ data: z.array(integrationStatusSchema) }), middleware: [secretAuth] } as const;
  route(app, list, async (c) => {
    const data = [];
    for (const platform of PLATFORMS) data.push(await status(c, platform));
    return c.json({ data });
  });

  // an unknown platform is 404 before the query is read
  const events = {
    method: 'get',
    path: '/v1/integrations/{platform}/events',
    tag: 'Integrations',
    auth: 'secret',
    summary: 'Recent events of one platform with their outcome',
    query: integrationEventsQuerySchema,
    response: z.object({ data: z.array(integrationEventSchema) }),
    middleware: [secretAuth],
    manual: true,
  } as const;
  route(app, events, async (c) => {
    const platform = c.req.param('platform') as Platform;
    if (!PLATFORMS.includes(platform)) throw notFound(`integration ${platform}`);
    const { limit } = parseWith(integrationEventsQuerySchema, c.req.query());
    return c.json({ data: await listEvents(c.get('services').db.kysely, c.get('shop').id, platform, limit) });
  });

  // the signature is checked on the raw body, so the handlers read it
  const shopifyDelivery = {
    method: 'post',
    path: '/v1/integrations/shopify/{shopId}/webhook',
    tag: 'Integrations',
    auth: 'shopify',
    summary: 'Shopify webhooks (orders/paid, refunds/create, orders/cancelled); deduplicated on X-Shopify-Webhook-Id; bad or missing signature 401',
    body: platformPayloadSchema.describe('the Shopify order or refund of the topic, as Shopify sends it'),
    response: deliveryAnswerSchema,
    manual: true,
  } as const;
  route(app, shopifyDelivery, async (c) => {
    const { db, now, logger } = c.get('services');
    const shop = await deliveryShop(c);
    const settings = await loadIntegration<ShopifyConfig>(db.kysely, shop.id, 'shopify');
    if (!settings) throw new HttpError(401, 'not_configured', 'this shop has no Shopify webhook secret: PUT /v1/integrations/shopify { webhookSecret }');
    const raw = await readBodyText(c, WEBHOOK_BODY_LIMIT);
    if (!verifyBase64Hmac(raw, c.req.header('x-shopify-hmac-sha256'), settings.secret)) {
      throw new HttpError(401, 'invalid_signature', 'X-Shopify-Hmac-Sha256 is missing or is not the HMAC-SHA256 of this body with the shop\'s webhook secret');
    }
    const domain = c.req.header('x-shopify-shop-domain')?.trim().toLowerCase();
    if (settings.config.shopDomain && domain !== settings.config.shopDomain) {
      throw new HttpError(401, 'shop_domain_mismatch', `X-Shopify-Shop-Domain is ${domain ?? 'missing'}, but this integration is set up for ${settings.config.shopDomain}`);
    }
    const body = parseBody(raw);
    const topic = c.req.header('x-shopify-topic')?.trim() || 'unknown';
    const at = now().getTime();
    const event = { id: eventIdOf(c.req.header('x-shopify-webhook-id'), raw), topic };
    return c.json(await runDelivery(db, shop, 'shopify', event, () => handleShopifyEvent(db, shop, topic, body, at), at, logger));
  });

  const wooDelivery = {
    method: 'post',
    path: '/v1/integrations/woocommerce/{shopId}/webhook',
    tag: 'Integrations',
    auth: 'woocommerce',
    summary: 'WooCommerce webhooks (order.created, order.updated); deduplicated on X-WC-Webhook-Delivery-ID; the unsigned creation ping answers 200',
    body: platformPayloadSchema.describe('the WooCommerce order, as WooCommerce sends it'),
    response: deliveryAnswerSchema,
    manual: true,
  } as const;
  route(app, wooDelivery, async (c) => {
    const { db, now, logger } = c.get('services');
    const shop = await deliveryShop(c);
    const raw = await readBodyText(c, WEBHOOK_BODY_LIMIT);
    const signature = c.req.header('x-wc-webhook-signature');
    // WooCommerce checks a new webhook's URL with an unsigned `webhook_id=<n>` form post: it must answer 200
    if (!signature && /^webhook_id=\d{1,20}$/.test(raw.trim())) return c.json({ received: true, duplicate: false, ping: true, result: null });
    const settings = await loadIntegration<WooCommerceConfig>(db.kysely, shop.id, 'woocommerce');
    if (!settings) throw new HttpError(401, 'not_configured', 'this shop has no WooCommerce webhook secret: PUT /v1/integrations/woocommerce { webhookSecret }');
    if (!verifyBase64Hmac(raw, signature, settings.secret)) {
      throw new HttpError(401, 'invalid_signature', 'X-WC-Webhook-Signature is missing or is not the HMAC-SHA256 of this body with the webhook\'s secret');
    }
    const body = parseBody(raw);
    const topic = c.req.header('x-wc-webhook-topic')?.trim() || 'unknown';
    const at = now().getTime();
    const event = { id: eventIdOf(c.req.header('x-wc-webhook-delivery-id'), raw), topic };
    const countStatuses = settings.config.countStatuses ?? DEFAULT_COUNT_STATUSES;
    return c.json(await runDelivery(db, shop, 'woocommerce', event, () => handleWooEvent(db, shop, topic, body, countStatuses, at), at, logger));
  });

  return app;
}
