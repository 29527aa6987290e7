/**
 * The server's program features beyond single orders, for embedding:
 * bonuses, webhooks, rollup stats, Stripe and the OpenAPI document.
 */
export { runBonuses } from './bonuses/run-bonuses';
export type { BonusRunResult, PeriodRun } from './bonuses/run-bonuses';
export { periodAt } from './bonuses/periods';
export type { Period, PeriodKind } from './bonuses/periods';
export { runAllBonuses, startBackgroundJobs } from './background/background-jobs';
export { createWebhookWorker } from './webhooks/delivery-worker';
export type { WebhookWorker, WebhookWorkerOptions } from './webhooks/delivery-worker';
export { signPayload, verifySignature } from './webhooks/signature';
export { WEBHOOK_EVENT_TYPES } from './webhooks/event-types';
export type { WebhookEventName } from './webhooks/event-types';
export type { WebhookEvent } from './webhooks/emit';
export { pruneClicks } from './stats/prune-clicks';
export { statsFromRollups } from './stats/rollup-stats';
export { verifyStripeSignature } from './integrations/stripe/verify-signature';
export { buildOpenApiDocument, declaredRoutes } from './openapi/build-document';
