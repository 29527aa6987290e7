import type { Executor } from '../db';
import { ext } from '../db/extension-schema';
import { newId } from '../util/ids';
import type { WebhookEventName } from './event-types';

/** The body of every delivery: one event, with an id the receiver can deduplicate on. */
export interface WebhookEvent<T = unknown> {
  id: string;
  type: WebhookEventName;
  createdAt: string;
  shopId: string;
  data: T;
}

/**
 * Writes an event to the outbox, inside the caller's transaction: one
 * delivery per active endpoint of the shop subscribed to `type`. The change
 * and its deliveries commit together or not at all; the worker sends them.
 */
export async function emitEvent(tx: Executor, shopId: string, type: WebhookEventName, data: unknown, now: number): Promise<void> {
  const endpoints = await ext(tx)
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('shop_id', '=', shopId)
    .where('active', '=', 1)
    .execute();
  const targets = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(type));
  if (targets.length === 0) return;
  const event: WebhookEvent = { id: newId('evt'), type, createdAt: new Date(now).toISOString(), shopId, data };
  const payload = JSON.stringify(event);
  await ext(tx)
    .insertInto('webhook_deliveries')
    .values(
      targets.map((t) => ({
        shop_id: shopId,
        id: newId('whd'),
        endpoint_id: t.id,
        event_id: event.id,
        event_type: type,
        payload,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        last_status: null,
        last_error: null,
        delivered_at: null,
        created_at: now,
      })),
    )
    .execute();
}

/** Several events of one transaction. */
export async function emitEvents(tx: Executor, shopId: string, events: { type: WebhookEventName; data: unknown }[], now: number): Promise<void> {
  for (const e of events) await emitEvent(tx, shopId, e.type, e.data, now);
}
