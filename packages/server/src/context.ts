import type { Program } from '@twotier/core/schema';
import type { Logger } from 'pino';
import type { Db } from './db';
import type { RateLimiter } from './http/rate-limit';
import type { ShopStore } from './services/shop-store';
import type { ClickWriter } from './services/click-writer';
import type { PayoutKeyring } from './payouts/keyring';

/** A shop as the server holds it in memory. */
export interface ShopRecord {
  id: string;
  name: string;
  /** The default currency: `currencies[0]`. */
  currency: string;
  /** Every currency the shop accepts, the default first. */
  currencies: string[];
  allowedOrigins: string[];
  publishableKey: string;
  secretHash: string;
  identityKey: string;
  program: Program;
  createdAt: number;
}

/** A distributor session (`Authorization: Bearer ses_…`). */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  email: string | null;
  name: string | null;
  visitorId: string | null;
  expiresAt: number;
}

/** What every route may use. */
export interface Services {
  db: Db;
  now: () => Date;
  logger: Logger;
  shops: ShopStore;
  clicks: ClickWriter;
  rateLimiter: RateLimiter | null;
  limits: RateLimits;
  /** How many proxies in front of the server append to `X-Forwarded-For` (0: read the socket). */
  trustProxy: number;
  sessionTtlMs: number;
  /** Identity tokens whose `exp` is further ahead than this are refused (seconds; default a day). */
  identityTokenMaxLifetimeSeconds: number;
  operatorToken: string | null;
  /** Webhook endpoints may be loopback or private addresses (a development server's own receivers). */
  webhookAllowPrivate: boolean;
  /** The keys payout accounts are encrypted with (`TWOTIER_PAYOUT_KEY`); null: payout accounts cannot be stored or read. */
  payoutKeys: PayoutKeyring | null;
}

/** Requests allowed per window on public endpoints. */
export interface RateLimits {
  perIp: { limit: number; windowMs: number };
  perKey: { limit: number; windowMs: number };
  /** `POST /v1/admin/session` per client IP, whatever email (the rate limiter; off with it). */
  adminSignInPerIp: { limit: number; windowMs: number };
  /** `POST /v1/admin/session` per email, known or not (the database; on even without a rate limiter). */
  adminSignInPerAccount: { limit: number; windowMs: number };
}

/** Hono environment of the app. */
export interface AppEnv {
  Variables: {
    services: Services;
    shop: ShopRecord;
    session: SessionRecord;
  };
}
