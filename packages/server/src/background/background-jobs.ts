import type { Logger } from 'pino';
import { runBonuses } from '../bonuses/run-bonuses';
import type { Db } from '../db';
import type { ShopStore } from '../services/shop-store';
import { pruneClicks } from '../stats/prune-clicks';
import { pruneSessions } from './prune-sessions';
import { pruneEmails } from '../email/prune-emails';
import { mergeSearchIndex } from '../read-models/distributor-search';
import { createWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from '../webhooks/delivery-worker';

/** Options of {@link startBackgroundJobs}. */
export interface BackgroundJobsOptions {
  db: Db;
  shops: ShopStore;
  logger: Logger;
  /** How often bonuses and pruning run, ms (default one minute). */
  everyMs?: number;
  /** The webhook worker's settings (private addresses, timeout, concurrency). */
  webhooks?: Omit<WebhookWorkerOptions, 'db' | 'logger'>;
}

/**
 * Pays the bonuses of every shop whose period closed (each once, whichever
 * process gets there first) for every shop of the database.
 */
export async function runAllBonuses(db: Db, shops: ShopStore, now: number): Promise<number> {
  const ids = await db.kysely.selectFrom('shops').select('id').execute();
  let periods = 0;
  for (const { id } of ids) {
    const shop = await shops.get(id);
    if (shop) periods += (await runBonuses(db, shop, now)).periods.length;
  }
  return periods;
}

/**
 * The server's own schedule beside settlement: webhook delivery, period
 * bonuses, pruning of old clicks and of expired sessions, and keeping the
 * distributor search index in one piece, pruning the email outbox. Safe
 * to run in every process.
 */
export function startBackgroundJobs(options: BackgroundJobsOptions): { webhooks: WebhookWorker; stop(): Promise<void> } {
  const { db, shops, logger } = options;
  const webhooks = createWebhookWorker({ ...options.webhooks, db, logger });
  webhooks.start();
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = (async () => {
      const now = Date.now();
      const periods = await runAllBonuses(db, shops, now);
      if (periods > 0) logger.info({ periods }, 'paid period bonuses');
      const pruned = await pruneClicks(db, now);
      if (pruned > 0) logger.info({ pruned }, 'pruned old clicks');
      const sessions = await pruneSessions(db, now);
      if (sessions > 0) logger.info({ sessions }, 'deleted expired sessions');
      const emails = await pruneEmails(db, now);
      if (emails > 0) logger.info({ emails }, 'deleted emails older than 30 days from the outbox');
      const merged = await mergeSearchIndex(db);
      if (merged > 0) logger.info({ steps: merged }, 'merged the distributor search index');
    })().catch((err: unknown) => logger.error({ err }, 'background job failed'));
  }, options.everyMs ?? 60_000);
  timer.unref();
  return {
    webhooks,
    async stop() {
      clearInterval(timer);
      await running;
      await webhooks.stop();
    },
  };
}
