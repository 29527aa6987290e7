import type { Logger } from 'pino';
import type { ShopRecord } from '../context';
import type { Db } from '../db';
import { toHttpError } from '../http/error-handler';
import type { HttpError } from '../http/errors';
import { findEvent, recordEvent } from './event-log';
import type { Step } from './record';
import type { EventOutcome, Platform } from './schema';

/** What handling one verified event produced. */
export interface Handled {
  outcome: EventOutcome;
  orderId?: string | null;
  result: unknown;
}

/** The answer to a platform: always 200 once the event is kept. */
export interface DeliveryAnswer {
  received: true;
  duplicate: boolean;
  outcome: EventOutcome;
  result: unknown;
}

/**
 * The outcome of an event from the orders and refunds it wrote: `duplicate`
 * when everything it named was recorded already (the same order reaching the
 * same state again), else the kind of the first thing it wrote.
 */
export function outcomeOf(steps: readonly (Step | null)[], nothing: EventOutcome = 'ignored'): EventOutcome {
  const done = steps.filter((s): s is Step => s !== null);
  if (done.length === 0) return nothing;
  const fresh = done.find((s) => s.status === 201);
  return fresh ? fresh.kind : 'duplicate';
}

/**
 * One verified platform event, end to end — the part every platform shares:
 * an event id seen before (and not failed) changes nothing and answers 200
 * `{ duplicate: true }` with what it became; otherwise `handle` runs and the
 * event is kept with its topic, time and outcome. A failure is kept too,
 * with its reason in words, and answered with its status (422 for a payload
 * twotier refuses, 404 for an order it never recorded…), so the platform may
 * deliver it again: a failed event is processed again when it comes again.
 */
export async function runDelivery(
  db: Db,
  shop: ShopRecord,
  platform: Platform,
  event: { id: string; topic: string },
  handle: () => Promise<Handled>,
  now: number,
  logger?: Logger,
): Promise<DeliveryAnswer> {
  const seen = await findEvent(db.kysely, shop.id, platform, event.id);
  if (seen && seen.outcome !== 'error') return { received: true, duplicate: true, outcome: seen.outcome, result: seen.result };
  let handled: Handled;
  try {
    handled = await handle();
  } catch (error) {
    const http = toHttpError(error, logger, `/v1/integrations/${platform}`);
    await db.writeTx((tx) =>
      recordEvent(
        tx,
        shop.id,
        platform,
        { eventId: event.id, topic: event.topic, outcome: 'error', error: `${http.code}: ${http.message}`, errorCode: http.code, errorParams: errorParams(http), result: { error: { code: http.code, message: http.message } } },
        now,
      ),
    );
    throw http;
  }
  await db.writeTx((tx) =>
    recordEvent(tx, shop.id, platform, { eventId: event.id, topic: event.topic, outcome: handled.outcome, orderId: handled.orderId ?? null, result: handled.result }, now),
  );
  return { received: true, duplicate: handled.outcome === 'duplicate', outcome: handled.outcome, result: handled.result };
}

/**
 * A failure's parameters, kept beside its code so the dashboard can say it in
 * the reader's language: the error's details when they are flat (a currency
 * mismatch's `currency` and `orderCurrency`, an amount's `field` and
 * `value`), what was not found (`{ what: 'order', id }`), or the fields a
 * validation named. Values are cut to 200 characters.
 */
export function errorParams(http: HttpError): Record<string, string | number> | null {
  const out: Record<string, string | number> = {};
  const put = (k: string, v: unknown) => {
    if (typeof v === 'string') out[k] = v.slice(0, 200);
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  };
  const d = http.details;
  if (Array.isArray(d)) {
    const fields = d.map((i) => (i && typeof i === 'object' && Array.isArray((i as { path?: unknown }).path) ? (i as { path: string[] }).path.join('.') : '')).filter(Boolean);
    if (fields.length) put('fields', [...new Set(fields)].join(', '));
  } else if (d && typeof d === 'object') {
    for (const [k, v] of Object.entries(d)) put(k, v);
  }
  if (http.code === 'not_found') {
    const m = /^(\S+) (.+) not found$/.exec(http.message);
    if (m) {
      put('what', m[1]);
      put('id', m[2]);
    }
  }
  return Object.keys(out).length ? out : null;
}
