import { z } from 'zod';

/** `PUT /v1/integrations/shopify`: the webhook signing secret Shopify shows, and (optionally) the shop's myshopify domain. */
export const shopifySettingsSchema = z.strictObject({
  webhookSecret: z.string().trim().min(1, 'webhookSecret is the signing secret Shopify shows with your webhooks').max(256),
  shopDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/, 'shopDomain is your-shop.myshopify.com')
    .optional(),
});

/** WooCommerce's order statuses (custom ones are lower-case slugs). */
const wooStatus = z.string().trim().toLowerCase().regex(/^[a-z0-9_-]{1,40}$/, 'an order status is a slug such as "processing"');

/** `PUT /v1/integrations/woocommerce`: the secret of the WooCommerce webhooks, and at which statuses an order counts. */
export const wooSettingsSchema = z.strictObject({
  webhookSecret: z.string().min(1, 'webhookSecret is the Secret field of your WooCommerce webhooks').max(256),
  countStatuses: z
    .array(wooStatus)
    .min(1)
    .max(10)
    .refine((s) => !s.some((x) => ['pending', 'cancelled', 'failed', 'refunded', 'checkout-draft'].includes(x)), 'an order cannot count while it is unpaid, cancelled, failed or refunded')
    .optional(),
});

/** One accepted platform event. */
export const integrationEventSchema = z.object({
  platform: z.enum(['shopify', 'woocommerce', 'stripe']),
  eventId: z.string(),
  topic: z.string(),
  outcome: z.enum(['order', 'refund', 'reversal', 'ignored', 'duplicate', 'error']),
  orderId: z.string().nullable(),
  error: z.string().nullable().describe('the last error in words (English), when the outcome is error'),
  errorCode: z.string().nullable().optional().describe('the stable code of that error (`not_found`, `currency_mismatch`…), null for events stored before codes were kept'),
  errorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable().optional().describe("the error's parameters (`{ what, id }`, `{ currency, orderCurrency }`…), for a message in the reader's language"),
  attempts: z.number(),
  receivedAt: z.string(),
  result: z.unknown(),
});

/** A platform's status for the shop. */
export const integrationStatusSchema = z.object({
  platform: z.enum(['shopify', 'woocommerce', 'stripe']),
  configured: z.boolean(),
  webhookUrl: z.string().describe('where the platform delivers'),
  topics: z.array(z.string()).describe('the webhook topics to create'),
  shopDomain: z.string().nullable().optional(),
  countStatuses: z.array(z.string()).optional(),
  updatedAt: z.string().nullable(),
  lastEvent: integrationEventSchema.nullable(),
  lastError: integrationEventSchema.nullable(),
});

/** What a platform's webhook answers once an event is kept. */
export const deliveryAnswerSchema = z.object({
  received: z.literal(true),
  duplicate: z.boolean(),
  outcome: z.enum(['order', 'refund', 'reversal', 'ignored', 'duplicate', 'error']).optional(),
  ping: z.boolean().optional(),
  result: z.unknown(),
});

/** `GET /v1/integrations/{platform}/events?limit=`. */
export const integrationEventsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
