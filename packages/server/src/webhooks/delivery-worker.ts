import type { Logger } from 'pino';
import type { Db } from '../db';
import { ext, type WebhookDeliveryTable } from '../db/extension-schema';
import { nextAttemptAt } from './backoff';
import { signPayload } from './signature';

/** Options of {@link createWebhookWorker}. */
export interface WebhookWorkerOptions {
  db: Db;
  /** The clock, ms (tests move it). */
  now?: () => number;
  fetch?: typeof fetch;
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** How long a claim holds a delivery; after it another process may retry it. */
  lockMs?: number;
  /** Timeout of one HTTP attempt. */
  timeoutMs?: number;
  /** Pause between rounds when idle. */
  intervalMs?: number;
  logger?: Logger;
}

/** The outbox worker. */
export interface WebhookWorker {
  /** Claims due deliveries and attempts them once; resolves with how many were attempted. */
  runOnce(): Promise<number>;
  start(): void;
  /** Stops and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Delivers the webhook outbox. Each round claims due rows by setting
 * `locked_until` (rows picked `FOR UPDATE SKIP LOCKED` in PostgreSQL; in
 * SQLite the claim is a conditional update under the single writer), so
 * several processes never send the same delivery at once. A 2xx marks it
 * delivered; anything else is retried with exponential backoff for three
 * days. Every request carries `Twotier-Signature` and the event id.
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { db } = options;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const batchSize = options.batchSize ?? 20;
  const lockMs = options.lockMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  const claim = (at: number) =>
    db.writeTx(async (tx) => {
      let pick = ext(tx)
        .selectFrom('webhook_deliveries')
        .select(['shop_id', 'id'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .orderBy('next_attempt_at')
        .limit(batchSize);
      if (db.forUpdate) pick = pick.forUpdate().skipLocked();
      const due = await pick.execute();
      const claimed: WebhookDeliveryTable[] = [];
      for (const d of due) {
        const row = await ext(tx)
          .updateTable('webhook_deliveries')
          .set((eb) => ({ locked_until: at + lockMs, attempts: eb('attempts', '+', 1) }))
          .where('shop_id', '=', d.shop_id)
          .where('id', '=', d.id)
          .where('status', '=', 'pending')
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
          .returningAll()
          .executeTakeFirst();
        if (row) claimed.push(row);
      }
      return claimed;
    });

  const attempt = async (row: WebhookDeliveryTable): Promise<void> => {
    const endpoint = await ext(db.kysely)
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret', 'active'])
      .where('shop_id', '=', row.shop_id)
      .where('id', '=', row.endpoint_id)
      .executeTakeFirst();
    let status: number | null = null;
    let error: string | null = null;
    if (!endpoint || Number(endpoint.active) !== 1) error = 'endpoint deleted';
    else {
      try {
        const res = await doFetch(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'twotier-webhooks/1',
            'twotier-signature': signPayload(endpoint.secret, row.payload, Math.floor(now() / 1000)),
            'twotier-event-id': row.event_id,
            'twotier-event-type': row.event_type,
            'twotier-delivery-id': row.id,
          },
          body: row.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message.slice(0, 500);
      }
    }
    const at = now();
    const retryAt = error === null || error === 'endpoint deleted' ? null : nextAttemptAt(Number(row.created_at), Number(row.attempts), at);
    await ext(db.kysely)
      .updateTable('webhook_deliveries')
      .set({
        status: error === null ? 'delivered' : retryAt === null ? 'failed' : 'pending',
        delivered_at: error === null ? at : null,
        next_attempt_at: retryAt ?? Number(row.next_attempt_at),
        locked_until: null,
        last_status: status,
        last_error: error,
      })
      .where('shop_id', '=', row.shop_id)
      .where('id', '=', row.id)
      .where('locked_until', '=', Number(row.locked_until))
      .execute();
  };

  const runOnce = async (): Promise<number> => {
    const rows = await claim(now());
    await Promise.all(rows.map((r) => attempt(r).catch((err: unknown) => options.logger?.error({ err }, 'webhook delivery failed'))));
    return rows.length;
  };

  const loop = () => {
    if (stopped) return;
    running = runOnce()
      .catch((err: unknown) => {
        options.logger?.error({ err }, 'webhook round failed');
        return 0;
      })
      .then((n) => {
        if (!stopped) timer = setTimeout(loop, n > 0 ? 0 : (options.intervalMs ?? 1000));
        timer?.unref?.();
      });
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
