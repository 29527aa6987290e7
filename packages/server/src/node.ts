import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createApp, type AppOptions, type TwotierApp } from './app';
import { openDatabase, type Db, type OpenDatabaseOptions } from './db';
import { settleDue } from './services/settlement';
import { startBackgroundJobs } from './background/background-jobs';
import { createRedisRateLimiter } from './http/redis-rate-limit';
import { nodeListener } from './http/click-lane';

/** Options of {@link startServer}. */
export interface StartServerOptions extends Omit<AppOptions, 'db' | 'logger'> {
  port?: number;
  hostname?: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  /** SQLite durability (see {@link OpenDatabaseOptions}); default `full`. */
  sqliteSynchronous?: 'full' | 'normal';
  /** How often the server settles due commissions, ms (default one minute; 0 turns it off). */
  settleEveryMs?: number;
  logger?: Logger;
  /** `REDIS_URL`: rate limits shared by every process on this Redis (default: in memory, per process). */
  redisUrl?: string | undefined;
  /** Exit the process on SIGTERM/SIGINT after a graceful stop (default true). */
  handleSignals?: boolean;
  /** One webhook request's whole time, ms (default 10 s; `TWOTIER_WEBHOOK_TIMEOUT_MS`). */
  webhookTimeoutMs?: number;
}

/** A running server. */
export interface RunningServer {
  url: string;
  app: TwotierApp;
  db: Db;
  /** Stops accepting, finishes in-flight requests, flushes queued writes, closes the database. */
  stop(): Promise<void>;
}

/**
 * The log `twotier serve` writes: one JSON line per request and per event
 * (pino) on `fd` (default stdout). Lines go through a 4 KB buffer, written
 * when it fills and at least every 250 ms, and flushed on exit: under load
 * one write carries ~25 lines instead of one. With pino's unbuffered
 * default, logging to a file cut click ingest by about a sixth (the
 * buffered log measured 1.19× its clicks/s). A kill -9 may lose the last
 * 250 ms of log lines, never data: every 2xx is sent after its writes are
 * durable.
 */
export function createLogger(fd = 1): Logger {
  return pino({ base: { service: 'twotier' } }, pino.destination({ dest: fd, minLength: 4096, periodicFlush: 250 }));
}

/**
 * Opens the database (migrating it), serves the app on Node, settles on a
 * timer, and stops gracefully on SIGTERM.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const db = await openDatabase({ url: options.databaseUrl, ...(options.sqliteSynchronous ? { sqliteSynchronous: options.sqliteSynchronous } : {}) });
  const redisLimiter = options.rateLimiter === undefined && options.redisUrl ? createRedisRateLimiter({ url: options.redisUrl, logger }) : null;
  const app = createApp({ ...options, db, logger, ...(redisLimiter ? { rateLimiter: redisLimiter } : {}) });
  const server = createServer(nodeListener(app));
  await new Promise<void>((resolve) => server.listen(options.port ?? 8787, options.hostname ?? '0.0.0.0', resolve));
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, database: db.description }, `twotier listening on ${url} with ${db.description}`);
  logger.flush(); // the line a person starting the server waits for

  const every = options.settleEveryMs ?? 60_000;
  let settling: Promise<unknown> = Promise.resolve();
  const timer =
    every > 0
      ? setInterval(() => {
          settling = settleDue(db, Date.now())
            .then((r) => r.settled > 0 && logger.info(r, 'settled commissions'))
            .catch((err: unknown) => logger.error({ err }, 'settlement failed'));
        }, every)
      : null;
  timer?.unref();
  const webhooks = { allowPrivate: app.services.webhookAllowPrivate, ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}) };
  const jobs = every > 0 ? startBackgroundJobs({ db, shops: app.services.shops, logger, everyMs: every, webhooks }) : null;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (timer) clearInterval(timer);
      logger.info('stopping: no new connections, finishing requests in flight');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      });
      await settling;
      await jobs?.stop();
      await app.close();
      await redisLimiter?.close();
      await db.close();
      logger.info('stopped');
      logger.flush();
    })());

  if (options.handleSignals ?? true) {
    const onSignal = (signal: string) => {
      logger.info({ signal }, 'signal received');
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  }
  return { url, app, db, stop };
}
