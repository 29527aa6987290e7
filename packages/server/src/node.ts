import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread } from 'node:worker_threads';
import pino, { type Logger } from 'pino';
import { createApp, type AppOptions, type TwotierApp } from './app';
import { openDatabase, type Db, type OpenDatabaseOptions } from './db';
import { settleDue } from './services/settlement';
import { startBackgroundJobs } from './background/background-jobs';
import { createRedisRateLimiter } from './http/redis-rate-limit';
import { nodeListener } from './http/click-lane';
import { createEmailWorker } from './email/email-worker';
import { createSmtpTransport, describeSmtp, type EmailSettings } from './email/email-settings';

/** Options of {@link startServer}. */
export interface StartServerOptions extends Omit<AppOptions, 'db' | 'logger'> {
  port?: number;
  hostname?: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  /** `DATABASE_READ_URL`: a PostgreSQL streaming replica for the reports that may lag. */
  databaseReadUrl?: string | undefined;
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
  /** SMTP for distributors' emails (`TWOTIER_SMTP_URL`, `TWOTIER_EMAIL_FROM`); without it the server sends no email. */
  email?: EmailSettings | null;
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
  const destination = pino.destination({ dest: fd, minLength: 4096, periodicFlush: 250 });
  // pino writes what is buffered at exit only on the main thread; `twotier serve` logs from a worker thread (serve-thread.ts)
  if (!isMainThread)
    process.once('exit', () => {
      try {
        destination.flushSync();
      } catch {
        // a log that cannot be written (closed, destroyed) must not change how the thread ends
      }
    });
  return pino({ base: { service: 'twotier' } }, destination);
}

/**
 * Resolves once the log's write in progress (if any) is done, or after a
 * second; what is still buffered then is written at exit (by pino on the
 * main thread, by {@link createLogger}'s handler on a worker thread). A
 * worker thread that exits during an asynchronous write loses that write.
 */
function logWritten(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    logger.flush(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Opens the database (migrating it), serves the app on Node, settles on a
 * timer, and stops gracefully on SIGTERM.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const db = await openDatabase({ url: options.databaseUrl, ...(options.sqliteSynchronous ? { sqliteSynchronous: options.sqliteSynchronous } : {}), ...(options.databaseReadUrl ? { readUrl: options.databaseReadUrl } : {}) });
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
  const mailer = options.email
    ? createEmailWorker({ db, transport: createSmtpTransport(options.email), from: options.email.from, publicUrl: options.email.publicUrl ?? url, logger, now: () => app.services.now().getTime() })
    : null;
  mailer?.start();
  if (options.email) {
    logger.info({ email: 'on', smtp: describeSmtp(options.email.smtpUrl), from: options.email.from }, `email: on via ${describeSmtp(options.email.smtpUrl)} from ${options.email.from}`);
    if (!options.email.publicUrl) logger.warn(`email: TWOTIER_PUBLIC_URL not set, unsubscribe links point at ${url}`);
  } else logger.info({ email: 'off' }, 'email: off (TWOTIER_SMTP_URL not set)');
  if (!app.services.payoutKeys) logger.info({ payoutAccounts: 'off' }, 'payout accounts: off (TWOTIER_PAYOUT_KEY not set)');

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
      await mailer?.stop();
      await app.close();
      await redisLimiter?.close();
      await db.close();
      logger.info('stopped');
      await logWritten(logger);
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
