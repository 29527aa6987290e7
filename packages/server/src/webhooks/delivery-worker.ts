import type { Logger } from 'pino';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db';
import type { WebhookDeliveryTable } from '../db/extension-schema';
import { nextAttemptAt } from './backoff';
import { createWebhookTransport, sendWebhook, type SendResult, type WebhookLookup } from './send-webhook';
import { signPayload } from './signature';

/** Options of {@link createWebhookWorker}. */
export interface WebhookWorkerOptions {
  db: Db;
  /** The clock, ms (tests move it). */
  now?: () => number;
  /**
   * Send to loopback, private, link-local… addresses too (default false).
   * For development servers whose receivers run on the same machine
   * (`TWOTIER_WEBHOOK_ALLOW_PRIVATE=1`); never on a server shops share.
   */
  allowPrivate?: boolean;
  /** Resolves receivers' host names (default `dns.lookup`, every address). */
  lookup?: WebhookLookup;
  /** Most requests in flight at once in this process (default 32). */
  concurrency?: number;
  /** Most requests in flight at once for one shop in this process, which is also a shop's most per round (default 8). */
  perShop?: number;
  /** Most deliveries claimed per round (default: `concurrency`). */
  batchSize?: number;
  /** How long a claim holds a delivery; after it another process may retry it (default 60 s, at least twice `timeoutMs`). */
  lockMs?: number;
  /** One HTTP attempt's whole time, ms (default 10 s; `TWOTIER_WEBHOOK_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Pause between rounds when nothing was due, ms (default 1 s). */
  intervalMs?: number;
  logger?: Logger;
}

/** The outbox worker. */
export interface WebhookWorker {
  /** Claims one round of due deliveries, attempts them, and resolves with how many were attempted once all have finished. */
  runOnce(): Promise<number>;
  /** Delivers continuously: rounds claim while requests are in flight, up to `concurrency`. */
  start(): void;
  /** Stops claiming, cuts off requests still in flight (their deliveries are released untried) and waits for them. */
  stop(): Promise<void>;
}

const ENDPOINT_DELETED = 'the endpoint was deleted';

/**
 * Delivers the webhook outbox.
 *
 * A round claims due rows by setting `locked_until` in one write
 * transaction (the picked rows locked `FOR UPDATE SKIP LOCKED` in
 * PostgreSQL; SQLite's single writer serialises the claim), so several
 * processes never send the same delivery at once. Claims are fair: rows
 * are ranked per shop (`row_number() over (partition by shop_id …)`) and
 * no shop gets more than `perShop` of a round, less what it already has in
 * flight here, so one shop's backlog cannot fill a round.
 *
 * Requests go out concurrently (at most `concurrency` in this process),
 * each with its own timeout, to addresses checked after DNS
 * ({@link sendWebhook}). The running loop never waits for a round's
 * requests: it claims again as soon as a slot frees or something may be
 * due, and a request in flight keeps its claim (the lease is longer than
 * the timeout). A 2xx marks the delivery delivered; anything else is
 * retried with exponential backoff for three days, its error stored in
 * words a shop can act on. Every request carries `Twotier-Signature` and
 * the event id.
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db } = options;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = Math.max(1, options.concurrency ?? 32);
  const perShop = Math.max(1, options.perShop ?? 8);
  const batchSize = Math.max(1, options.batchSize ?? concurrency);
  const lockMs = Math.max(options.lockMs ?? 60_000, 2 * timeoutMs + 5_000);
  const intervalMs = options.intervalMs ?? 1000;
  const transport = createWebhookTransport({ allowPrivate: options.allowPrivate ?? false, timeoutMs, ...(options.lookup ? { lookup: options.lookup } : {}) });

  /** Requests in flight in this process, per shop, and the way to cut them off. */
  const inFlight = new Map<string, number>();
  let inFlightTotal = 0;
  const sending = new Set<Promise<void>>();
  let stopping = new AbortController();

  const claim = (at: number, limit: number) =>
    db.writeTx(async (tx) => {
      const due = tx
        .selectFrom('webhook_deliveries')
        .select(['shop_id', 'id', 'next_attempt_at', sql<number>`row_number() over (partition by shop_id order by next_attempt_at, id)`.as('place')])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]));
      // a shop's share of this round: perShop, less what it already has in flight here
      const busy = [...inFlight].filter(([, n]) => n > 0);
      const share = busy.length
        ? sql<number>`case d.shop_id ${sql.join(busy.map(([shop, n]) => sql`when ${shop} then cast(${perShop - n} as integer)`), sql` `)} else cast(${perShop} as integer) end`
        : sql<number>`cast(${perShop} as integer)`;
      let picked = await tx
        .selectFrom(due.as('d'))
        .select(['d.shop_id', 'd.id'])
        .where(sql<boolean>`d.place <= ${share}`)
        .orderBy('d.next_attempt_at')
        .orderBy('d.id')
        .limit(limit)
        .execute();
      const byKey = (rows: { shop_id: string; id: string }[]) => (eb: ExpressionBuilder<any, any>) =>
        eb.or(rows.map((r) => eb.and([eb('shop_id', '=', r.shop_id), eb('id', '=', r.id)])));
      // another process may be claiming the same rows: take those it has not locked, never wait for it
      if (picked.length > 0 && db.forUpdate)
        picked = await tx.selectFrom('webhook_deliveries').select(['shop_id', 'id']).where(byKey(picked)).forUpdate().skipLocked().execute();
      if (picked.length === 0) return [];
      return tx
        .updateTable('webhook_deliveries')
        .set((eb) => ({ locked_until: at + lockMs, attempts: eb('attempts', '+', 1) }))
        .where(byKey(picked))
        // the conditions `due` read, checked again on the row as it is now: another process may have
        // attempted it since (a failed attempt leaves it pending, unlocked and due later, not now)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .returningAll()
        .execute();
    });

  const send = async (row: WebhookDeliveryTable, signal: AbortSignal): Promise<SendResult> => {
    const endpoint = await db.kysely
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret', 'active'])
      .where('shop_id', '=', row.shop_id)
      .where('id', '=', row.endpoint_id)
      .executeTakeFirst();
    if (!endpoint || Number(endpoint.active) !== 1) return { status: null, error: ENDPOINT_DELETED };
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'twotier-webhooks/1',
      'twotier-signature': signPayload(endpoint.secret, row.payload, Math.floor(now() / 1000)),
      'twotier-event-id': row.event_id,
      'twotier-event-type': row.event_type,
      'twotier-delivery-id': row.id,
    };
    return sendWebhook(endpoint.url, headers, row.payload, transport, signal);
  };

  const attempt = async (row: WebhookDeliveryTable): Promise<void> => {
    const { status, error, stopped: cutOff } = await send(row, stopping.signal);
    const at = now();
    const retryAt = error === null || error === ENDPOINT_DELETED ? null : nextAttemptAt(Number(row.created_at), Number(row.attempts), at);
    await db.kysely
      .updateTable('webhook_deliveries')
      .set(
        cutOff
          ? // cut off by stop(): not the receiver's doing, so the attempt does not count
            { locked_until: null, attempts: sql<number>`attempts - 1` }
          : {
              status: error === null ? 'delivered' : retryAt === null ? 'failed' : 'pending',
              delivered_at: error === null ? at : null,
              next_attempt_at: retryAt ?? Number(row.next_attempt_at),
              locked_until: null,
              last_status: status,
              last_error: error,
            },
      )
      .where('shop_id', '=', row.shop_id)
      .where('id', '=', row.id)
      .where('locked_until', '=', Number(row.locked_until))
      .execute();
  };

  /** Starts attempts of `rows`, counted in flight until each is recorded. */
  const launch = (rows: WebhookDeliveryTable[]): Promise<void>[] =>
    rows.map((row) => {
      inFlight.set(row.shop_id, (inFlight.get(row.shop_id) ?? 0) + 1);
      inFlightTotal += 1;
      const p = attempt(row)
        .catch((err: unknown) => options.logger?.error({ err, delivery: row.id }, 'webhook delivery failed'))
        .finally(() => {
          const left = (inFlight.get(row.shop_id) ?? 1) - 1;
          if (left > 0) inFlight.set(row.shop_id, left);
          else inFlight.delete(row.shop_id);
          inFlightTotal -= 1;
          sending.delete(p);
          wake();
        });
      sending.add(p);
      return p;
    });

  const runOnce = async (): Promise<number> => {
    const rows = await claim(now(), Math.min(batchSize, concurrency));
    await Promise.all(launch(rows));
    return rows.length;
  };

  // the running loop: a round claims what free slots allow and returns without waiting for the requests
  let stopped = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let round: Promise<unknown> = Promise.resolve();
  let rounding = false;
  let again = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };
  function wake() {
    if (stopped) return;
    if (rounding) again = true;
    else schedule(0);
  }
  function tick() {
    timer = null;
    if (stopped || rounding) return;
    const free = Math.min(batchSize, concurrency - inFlightTotal);
    if (free <= 0) return schedule(intervalMs); // a finished request wakes the loop sooner
    rounding = true;
    again = false;
    round = claim(now(), free)
      .then((rows) => {
        launch(rows);
        return rows.length;
      })
      .catch((err: unknown) => {
        options.logger?.error({ err }, 'webhook round failed');
        return 0;
      })
      .then((n) => {
        rounding = false;
        schedule(n > 0 || again ? 0 : intervalMs);
      });
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      if (stopping.signal.aborted) stopping = new AbortController();
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await round;
      stopping.abort();
      await Promise.all([...sending]);
      stopping = new AbortController();
      transport.close();
    },
  };
}
