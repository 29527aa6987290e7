import type { Executor } from '../db';
import { emailRows, insertEmails } from '../email/queue-emails';
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

type Endpoint = { id: string; events: string };

/** Per batch transaction (see {@link shareEndpointReads}): each shop's active endpoints, read once. */
const sharedReads = new WeakMap<Executor, Map<string, Promise<Endpoint[]>>>();

/**
 * Lets every event emitted in `tx` share one read of a shop's active
 * endpoints: for a group-commit batch (many orders in one transaction) that
 * creates no endpoints itself, so the rows cannot change under it.
 */
export function shareEndpointReads(tx: Executor): void {
  if (!sharedReads.has(tx)) sharedReads.set(tx, new Map());
}

function activeEndpoints(tx: Executor, shopId: string): Promise<Endpoint[]> {
  const read = () => tx.selectFrom('webhook_endpoints').select(['id', 'events']).where('shop_id', '=', shopId).where('active', '=', 1).execute();
  const shared = sharedReads.get(tx);
  if (!shared) return read();
  let rows = shared.get(shopId);
  if (!rows) shared.set(shopId, (rows = read()));
  return rows;
}

/**
 * Writes events to the outbox, inside the caller's transaction: one
 * delivery per event and per active endpoint of the shop subscribed to its
 * type. The change and its deliveries commit together or not at all; the
 * worker sends them later. Without endpoints this costs one indexed read.
 */
export async function emitEvents(tx: Executor, shopId: string, events: { type: WebhookEventName; data: unknown }[], now: number): Promise<void> {
  await emitEventGroups(tx, [{ shopId, events, now }]);
}

/** Events of one shop at one time. */
export interface EventGroup {
  shopId: string;
  events: { type: WebhookEventName; data: unknown }[];
  now: number;
}

/**
 * {@link emitEvents} for many groups at once (a batch of orders, each at its
 * own time): the emails of all of them in one insert, each shop's endpoints
 * read once, the deliveries of all of them in one insert (per 100 rows).
 */
export async function emitEventGroups(tx: Executor, groups: EventGroup[]): Promise<void> {
  const live = groups.filter((g) => g.events.length > 0);
  if (live.length === 0) return;
  // distributors' emails about money go through their own outbox, written in this same transaction
  await insertEmails(
    tx,
    live.flatMap((g) => emailRows(g.shopId, g.events, g.now)),
  );
  const endpointsOf = new Map<string, { id: string; events: Set<string> }[]>();
  for (const shopId of new Set(live.map((g) => g.shopId))) {
    const endpoints = await activeEndpoints(tx, shopId);
    endpointsOf.set(shopId, endpoints.map((e) => ({ id: e.id, events: new Set(JSON.parse(e.events) as string[]) })));
  }
  const rows = [];
  for (const { shopId, events, now } of live) {
    const subscribed = endpointsOf.get(shopId) ?? [];
    if (subscribed.length === 0) continue;
    for (const e of events) {
      const targets = subscribed.filter((s) => s.events.has(e.type));
      if (targets.length === 0) continue;
      const event: WebhookEvent = { id: newId('evt'), type: e.type, createdAt: new Date(now).toISOString(), shopId, data: e.data };
      const payload = JSON.stringify(event);
      for (const t of targets) {
        rows.push({
          shop_id: shopId,
          id: newId('whd'),
          endpoint_id: t.id,
          event_id: event.id,
          event_type: e.type,
          payload,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          locked_until: null,
          last_status: null,
          last_error: null,
          delivered_at: null,
          created_at: now,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 100) await tx.insertInto('webhook_deliveries').values(rows.slice(i, i + 100)).execute();
}

/** One event; see {@link emitEvents}. */
export const emitEvent = (tx: Executor, shopId: string, type: WebhookEventName, data: unknown, now: number): Promise<void> =>
  emitEvents(tx, shopId, [{ type, data }], now);
