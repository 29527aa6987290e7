import { IDENTITY_TOKEN_MAX_LIFETIME_SECONDS } from '@twotier/core';
import type { OpenAPIHono } from '@hono/zod-openapi';
import pino, { type Logger } from 'pino';
import { adminRoutes } from './admin';
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP } from './admin/sign-in-attempts';
import type { AppEnv, RateLimits, Services } from './context';
import type { Db } from './db';
import { ipRateLimit } from './http/auth';
import { browserPreflight } from './http/cors';
import { handleError } from './http/error-handler';
import { checkHealth, healthSchema } from './http/health';
import { errorResponse, notFound } from './http/errors';
import { MemoryRateLimiter, type RateLimiter } from './http/rate-limit';
import { logRequest } from './http/request-log';
import { browserRoutes } from './routes/browser-routes';
import { couponRoutes } from './routes/coupon-routes';
import { distributorRoutes } from './routes/distributor-routes';
import { featureRoutes } from './routes/feature-routes';
import { ledgerRoutes } from './routes/ledger-routes';
import { orderRoutes } from './routes/order-routes';
import { sessionRoutes } from './routes/session-routes';
import { shopRoutes } from './routes/shop-routes';
import { statsRoutes } from './routes/stats-routes';
import { createClickWriter, type ClickWriterOptions } from './services/click-writer';
import { ShopStore } from './services/shop-store';
import type { PayoutKeyring } from './payouts/keyring';
import { emailRoutes } from './email/email-routes';
import { openApiRoutes, route } from './openapi/declare';
import { docsRoutes } from './routes/docs-routes';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** An open, migrated database ({@link openDatabase}). */
  db: Db;
  /** Token of the operator API (`POST /v1/shops`); without it that API answers 401. */
  operatorToken?: string | null;
  logger?: Logger;
  /** The clock; tests move it forward to end hold periods. */
  now?: () => Date;
  /** `false` turns rate limiting off (benchmarks; the admin sign-in's per-email count in the database stays); default: in memory. */
  rateLimiter?: RateLimiter | false;
  rateLimits?: Partial<RateLimits>;
  /** Group commit of clicks. */
  clickBatch?: ClickWriterOptions;
  /**
   * Proxies in front of the server that append to `X-Forwarded-For`: the
   * client IP is the entry the outermost of them added (`true` is one).
   * Default none: the socket's address.
   */
  trustProxy?: boolean | number;
  /** Distributor session lifetime, ms (default 30 days). */
  sessionTtlMs?: number;
  /**
   * Accept webhook endpoints on loopback, private, link-local… addresses
   * (default false). For development servers whose receivers run beside
   * them; `twotier serve` reads `TWOTIER_WEBHOOK_ALLOW_PRIVATE=1`.
   */
  webhookAllowPrivate?: boolean;
  /** Keys for payout accounts (`createPayoutKeyring(TWOTIER_PAYOUT_KEY, TWOTIER_PAYOUT_KEYS_OLD)`); without, they cannot be stored (503). */
  payoutKeys?: PayoutKeyring | null;
  /** Refuse identity tokens whose `exp` is more than this many seconds ahead (default 86,400: a day). */
  identityTokenMaxLifetimeSeconds?: number;
}

/** The app: a web-standard fetch handler, plus `close()` to flush queued writes. */
export type TwotierApp = OpenAPIHono<AppEnv> & { services: Services; close(): Promise<void> };

const DEFAULT_LIMITS: RateLimits = {
  perIp: { limit: 1200, windowMs: 60_000 },
  perKey: { limit: 60_000, windowMs: 60_000 },
  adminSignInPerIp: SIGN_IN_PER_IP,
  adminSignInPerAccount: SIGN_IN_PER_ACCOUNT,
};

const BROWSER_PATHS = ['/v1/track/*', '/v1/public/*', '/v1/sessions', '/v1/me', '/v1/me/*'];

/**
 * Creates the tracking server's HTTP app (Hono): every endpoint of API v1
 * over one database. Runtime-neutral; `node.ts` serves it on Node.
 *
 * @example
 * const db = await openDatabase({ url: './twotier.db' });
 * const app = createApp({ db, operatorToken: process.env.TWOTIER_OPERATOR_TOKEN });
 * const res = await app.request('/v1/program', { headers: { authorization: `Bearer ${sk}` } });
 */
export function createApp(options: AppOptions): TwotierApp {
  const logger = options.logger ?? pino({ level: 'silent' });
  const services: Services = {
    db: options.db,
    now: options.now ?? (() => new Date()),
    logger,
    shops: new ShopStore(options.db),
    clicks: createClickWriter(options.db, options.clickBatch),
    rateLimiter: options.rateLimiter === false ? null : (options.rateLimiter ?? new MemoryRateLimiter()),
    limits: { ...DEFAULT_LIMITS, ...options.rateLimits },
    trustProxy: options.trustProxy === true ? 1 : Math.max(0, Math.trunc(Number(options.trustProxy ?? 0)) || 0),
    sessionTtlMs: options.sessionTtlMs ?? 30 * 86_400_000,
    identityTokenMaxLifetimeSeconds: options.identityTokenMaxLifetimeSeconds ?? IDENTITY_TOKEN_MAX_LIFETIME_SECONDS,
    operatorToken: options.operatorToken ?? null,
    webhookAllowPrivate: options.webhookAllowPrivate ?? false,
    payoutKeys: options.payoutKeys ?? null,
  };

  const app = openApiRoutes();
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('services', services);
    await next();
    logRequest(logger, { method: c.req.method, path: c.req.path, status: c.res.status, started, shop: c.var.shop?.id });
  });
  for (const p of BROWSER_PATHS) app.use(p, ipRateLimit, browserPreflight);

  const health = { method: 'get', path: '/healthz', tag: 'Docs', auth: 'none', summary: 'Health: the database answers (503 when not)', response: healthSchema } as const;
  route(app, health, async (c) => {
    const health = await checkHealth(services.db);
    return c.json(health, health.ok ? 200 : 503);
  });
  app.route('/', shopRoutes());
  app.route('/', distributorRoutes());
  app.route('/', orderRoutes());
  app.route('/', ledgerRoutes());
  app.route('/', browserRoutes());
  app.route('/', sessionRoutes());
  app.route('/', adminRoutes());
  app.route('/', couponRoutes());
  app.route('/', statsRoutes());
  app.route('/', featureRoutes());
  app.route('/', emailRoutes());
  app.route('/', docsRoutes(app));

  app.notFound((c) => errorResponse(c, notFound(`${c.req.method} ${c.req.path}`)));
  app.onError(handleError);

  return Object.assign(app, {
    services,
    close: () => services.clicks.close(),
  });
}
