import { sql } from 'kysely';
import type { Executor } from '../db';
import { iso } from '../util/time';
import type { EventOutcome, IntegrationEventTable, Platform } from './schema';

/** An event as the API and the dashboard show it. */
export interface IntegrationEvent {
  platform: Platform;
  eventId: string;
  topic: string;
  outcome: EventOutcome;
  orderId: string | null;
  error: string | null;
  /** The error's stable code, for a message in the reader's language (null for rows stored before 0022). */
  errorCode: string | null;
  /** The error's parameters, filled into that message. */
  errorParams: Record<string, string | number> | null;
  attempts: number;
  receivedAt: string;
  result: unknown;
}

const toEvent = (row: IntegrationEventTable): IntegrationEvent => ({
  platform: row.platform,
  eventId: row.event_id,
  topic: row.topic,
  outcome: row.outcome,
  orderId: row.order_id,
  error: row.error,
  errorCode: row.error_code ?? null,
  errorParams: row.error_params ? (JSON.parse(row.error_params) as Record<string, string | number>) : null,
  attempts: Number(row.attempts),
  receivedAt: iso(Number(row.received_at)),
  result: JSON.parse(row.result) as unknown,
});

/** The event stored under this id, if any. */
export async function findEvent(db: Executor, shopId: string, platform: Platform, eventId: string): Promise<IntegrationEvent | null> {
  const row = await db
    .selectFrom('integration_events')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('platform', '=', platform)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row ? toEvent(row) : null;
}

/** What to keep of one delivery. */
export interface EventRecord {
  eventId: string;
  topic: string;
  outcome: EventOutcome;
  orderId?: string | null;
  error?: string | null;
  /** The error's stable code and parameters (see {@link IntegrationEvent.errorCode}). */
  errorCode?: string | null;
  errorParams?: Record<string, string | number> | null;
  result: unknown;
}

/**
 * Keeps an accepted event: the first delivery inserts it; a later delivery of
 * the same id (only a failed one is processed again) replaces its outcome,
 * error and result and counts the attempt. `received_at` is the last delivery.
 */
export async function recordEvent(db: Executor, shopId: string, platform: Platform, record: EventRecord, now: number): Promise<void> {
  const row: IntegrationEventTable = {
    shop_id: shopId,
    platform,
    event_id: record.eventId,
    topic: record.topic.slice(0, 200),
    outcome: record.outcome,
    order_id: record.orderId ?? null,
    error: record.error ? record.error.slice(0, 2000) : null,
    error_code: record.errorCode ? record.errorCode.slice(0, 100) : null,
    error_params: record.errorParams && JSON.stringify(record.errorParams).length <= 2000 ? JSON.stringify(record.errorParams) : null,
    result: JSON.stringify(record.result ?? null),
    attempts: 1,
    received_at: now,
  };
  await db
    .insertInto('integration_events')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['shop_id', 'platform', 'event_id']).doUpdateSet({
        outcome: row.outcome,
        order_id: row.order_id,
        error: row.error,
        error_code: row.error_code,
        error_params: row.error_params,
        result: row.result,
        received_at: now,
        attempts: sql<number>`integration_events.attempts + 1`,
      }),
    )
    .execute();
}

/** The most recent events of one platform (newest first). */
export async function listEvents(db: Executor, shopId: string, platform: Platform, limit = 50): Promise<IntegrationEvent[]> {
  const rows = await db
    .selectFrom('integration_events')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('platform', '=', platform)
    .orderBy('received_at', 'desc')
    .orderBy('event_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** The newest event of a platform and its newest error, for a status line. */
export async function eventSummary(db: Executor, shopId: string, platform: Platform): Promise<{ lastEvent: IntegrationEvent | null; lastError: IntegrationEvent | null }> {
  const [lastEvent] = await listEvents(db, shopId, platform, 1);
  const row = await db
    .selectFrom('integration_events')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('platform', '=', platform)
    .where('outcome', '=', 'error')
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { lastEvent: lastEvent ?? null, lastError: row ? toEvent(row) : null };
}
