import { webhookEndpointCreateSchema, webhookEventTypeSchema, type WebhookEventType } from '@twotier/core/schema';

/**
 * Every event a webhook endpoint may subscribe to: core's list (the schema
 * the SDK's types come from too), money events and the server's own
 * (`order.created`, `distributor.joined`, `bonus.created`).
 */
export const WEBHOOK_EVENT_TYPES = webhookEventTypeSchema.options;

/** One event type. */
export type WebhookEventName = WebhookEventType;

/** Validates an event type name. */
export const webhookEventNameSchema = webhookEventTypeSchema;

/** `POST /v1/webhook-endpoints` `{ url, events[], description? }`. */
export const webhookEndpointInputSchema = webhookEndpointCreateSchema;
