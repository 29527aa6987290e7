import { z } from 'zod';
import { currencySchema, pageQuerySchema, timestampSchema } from './api-common';

/** `POST /v1/coupons`: a coupon code of the shop's own cart that attributes to a distributor. */
export const couponCreateSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'a coupon code is 2–64 letters, digits, "_" or "-"'),
  distributorId: z.string().min(1).max(64),
});

/** `GET /v1/coupons?distributorId=&limit=&cursor=`. */
export const couponListQuerySchema = pageQuerySchema.extend({ distributorId: z.string().max(64).optional() });

export const couponSchema = z.object({ code: z.string(), distributorId: z.string(), createdAt: timestampSchema });

/** Events a webhook endpoint may subscribe to. */
export const webhookEventTypeSchema = z.enum([
  'commission.created',
  'commission.reversed',
  'commission.available',
  'withdrawal.requested',
  'withdrawal.approved',
  'withdrawal.rejected',
  'withdrawal.paid',
  'distributor.created',
  'order.created',
  'distributor.joined',
  'bonus.created',
]);

/** `POST /v1/webhook-endpoints`. Deliveries carry `Twotier-Signature: t=<unix>,v1=<hex hmac of "t.body">`. */
export const webhookEndpointCreateSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2048),
  events: z.array(webhookEventTypeSchema).min(1).max(20),
  description: z.string().max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed').optional(),
});

/** A webhook endpoint; `secret` signs its deliveries and is shown only at creation. */
export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  description: z.string().nullable(),
  /** False once deleted (`DELETE /v1/webhook-endpoints/{id}` deactivates). */
  active: z.boolean(),
  secret: z.string().optional().describe('whsec_…, only in the answer to POST'),
  createdAt: timestampSchema,
});

/** The answer to `POST /v1/webhook-endpoints`: the endpoint with its signing secret, shown this once. */
export const webhookEndpointCreatedSchema = webhookEndpointSchema.extend({ secret: z.string().describe('whsec_…, shown once') });

/** A delivery's state. */
export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);

/** One delivery of an event to an endpoint, with its attempts. */
export const webhookDeliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: webhookEventTypeSchema,
  status: webhookDeliveryStatusSchema,
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  payload: z.unknown(),
});

/** `GET /v1/stats?from=&to=&groupBy=`. */
export const statsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  groupBy: z.enum(['day', 'distributor', 'product', 'region']).default('day'),
  currency: currencySchema.optional(),
});

/** One row of stats: attributed orders, their sales (commission base) and the commissions they earned. */
export const statsRowSchema = z.object({
  key: z.string(),
  orders: z.number(),
  sales: z.number(),
  commissions: z.number(),
});

export const statsResponseSchema = z.object({
  groupBy: z.enum(['day', 'distributor', 'product', 'region']),
  /** The currency of `sales` and `commissions`: the `currency` asked for, else the shop's default. */
  currency: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.array(statsRowSchema),
});

export type CouponCreate = z.input<typeof couponCreateSchema>;
export type CouponListQuery = z.input<typeof couponListQuerySchema>;
export type Coupon = z.infer<typeof couponSchema>;
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;
export type WebhookEndpointCreate = z.input<typeof webhookEndpointCreateSchema>;
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export type WebhookEndpointCreated = z.infer<typeof webhookEndpointCreatedSchema>;
export type StatsQuery = z.input<typeof statsQuerySchema>;
export type StatsRow = z.infer<typeof statsRowSchema>;
export type StatsResponse = z.infer<typeof statsResponseSchema>;
