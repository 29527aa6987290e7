import { webhookEventTypeSchema } from '@twotier/core/schema';
import { z } from 'zod';

/**
 * Every event a webhook endpoint may subscribe to: core's list, plus the
 * server's own (`order.created`, `distributor.joined`, `bonus.created`).
 */
export const WEBHOOK_EVENT_TYPES = [
  ...webhookEventTypeSchema.options,
  'order.created',
  'distributor.joined',
  'bonus.created',
] as const;

/** One event type. */
export type WebhookEventName = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Validates an event type name. */
export const webhookEventNameSchema = z.enum(WEBHOOK_EVENT_TYPES);

/** `POST /v1/webhook-endpoints` `{ url, events[], description? }`. */
export const webhookEndpointInputSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2048),
  events: z.array(webhookEventNameSchema).min(1).max(20),
  description: z.string().max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed').optional(),
});
