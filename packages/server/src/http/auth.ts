import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Services, ShopRecord } from '../context';
import { constantTimeEqual, sha256Hex } from '../util/crypto';
import { adminSessionAuth, hasAdminCookie } from './admin-session-auth';
import { applyBrowserCors } from './cors';
import { clientIp } from './client-ip';
import { HttpError, forbidden, unauthorized } from './errors';
import type { RateDecision } from './rate-limit';

const bearer = (c: Context): string | null => {
  const h = c.req.header('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1] ?? null;
};

/** Splits `sk_<shopId>_<secret>` / `ses_<shopId>_<secret>`. */
export const splitToken = (token: string, prefix: string): { shopId: string } | null => {
  const m = new RegExp(`^${prefix}_([A-Za-z0-9]{8,40})_[A-Za-z0-9]{16,64}$`).exec(token);
  return m ? { shopId: m[1]! } : null;
};

/** `Authorization: Bearer <TWOTIER_OPERATOR_TOKEN>`. */
export const operatorAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.get('services').operatorToken;
  if (!expected) throw unauthorized('the operator API is disabled: start the server with TWOTIER_OPERATOR_TOKEN');
  const token = bearer(c);
  if (!token || !constantTimeEqual(sha256Hex(token), sha256Hex(expected))) {
    throw unauthorized('operator token required: Authorization: Bearer <TWOTIER_OPERATOR_TOKEN>');
  }
  await next();
};

/**
 * `Authorization: Bearer sk_…`. A publishable key is 403 here, and so is a
 * secret key sent from a browser page (any Origin header): secret endpoints
 * never answer CORS, so no page can use a secret key.
 */
export const secretAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearer(c);
  // the dashboard's signed-in admin acts as its shop, with CSRF checks
  if (!token && hasAdminCookie(c)) return adminSessionAuth(c, next);
  if (!token) {
    if (c.req.query('key')?.startsWith('pk_')) throw publishableForbidden();
    throw unauthorized('secret key required: Authorization: Bearer sk_…');
  }
  if (token.startsWith('pk_')) throw publishableForbidden();
  const parts = splitToken(token, 'sk');
  const shop = parts ? await c.get('services').shops.get(parts.shopId) : null;
  // compare even when the shop is unknown, so timing says nothing about which part was wrong
  const ok = constantTimeEqual(sha256Hex(token), shop?.secretHash ?? '0'.repeat(64));
  if (!shop || !ok) throw unauthorized('invalid secret key');
  if (c.req.header('origin') !== undefined) {
    throw forbidden('secret_key_from_browser', 'a secret key is never accepted from a browser origin; call from your server');
  }
  c.set('shop', shop);
  await next();
};

const publishableForbidden = () =>
  forbidden('publishable_key_forbidden', 'a publishable key (pk_…) cannot call this endpoint; use the secret key from your server');

/**
 * The shop of a browser request from its publishable key (body or `?key=`):
 * checks the origin, sets the CORS headers, and counts the key's rate limit.
 */
export async function authenticateBrowser(c: Context<AppEnv>, key: unknown): Promise<ShopRecord> {
  const services = c.get('services');
  const shop = await shopOfPublishableKey(services, typeof key === 'string' ? key : c.req.query('key'));
  applyBrowserCors(c, shop);
  await limit(c, `key:${shop.id}`, services.limits.perKey);
  c.set('shop', shop);
  return shop;
}

/**
 * The shop of a publishable key: 401 without one or for an unknown one, 403
 * for a secret key. Answers at once (no promise) from the shop cache, which
 * holds every key used in the last minute: the click lane's common case.
 */
export function shopOfPublishableKey(services: Services, key: string | undefined): ShopRecord | Promise<ShopRecord> {
  if (!key) throw unauthorized('publishable key required: "key" in the body or ?key=');
  if (key.startsWith('sk_')) {
    throw forbidden('secret_key_from_browser', 'never put a secret key in a page; use the publishable key (pk_…)');
  }
  const cached = services.shops.cachedByPublishableKey(key);
  if (cached !== undefined) return knownShop(cached);
  return services.shops.byPublishableKey(key).then(knownShop);
}

const knownShop = (shop: ShopRecord | null): ShopRecord => {
  if (!shop) throw unauthorized('unknown publishable key');
  return shop;
};

/** Per-IP limit of the public endpoints; 429 with Retry-After when over. */
export const ipRateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'OPTIONS') {
    const services = c.get('services');
    await limit(c, `ip:${clientIp(c, services.trustProxy)}`, services.limits.perIp);
  }
  await next();
};

const limit = (c: Context<AppEnv>, bucket: string, rule: { limit: number; windowMs: number }): void | Promise<void> =>
  consumeRateLimit(c.get('services'), bucket, rule);

/**
 * Counts one request against `bucket`; 429 with Retry-After when over
 * (nothing when rate limiting is off). Synchronous with a limiter that
 * decides at once (the in-memory one); a promise with one that must ask (Redis).
 */
export function consumeRateLimit(services: Services, bucket: string, rule: { limit: number; windowMs: number }): void | Promise<void> {
  const limiter = services.rateLimiter;
  if (!limiter) return;
  const d = limiter.consume(bucket, rule.limit, rule.windowMs);
  if (d instanceof Promise) return d.then(enforce);
  enforce(d);
}

const enforce = (d: RateDecision): void => {
  if (!d.allowed) {
    throw new HttpError(429, 'rate_limited', `too many requests; retry in ${d.retryAfterSeconds} s`, undefined, {
      'Retry-After': String(d.retryAfterSeconds),
    });
  }
};

/** `Authorization: Bearer ses_…` from `POST /v1/sessions`; checks the origin against the session's shop. */
export const sessionAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const services = c.get('services');
  const token = bearer(c);
  const parts = token ? splitToken(token, 'ses') : null;
  if (!token || !parts) throw unauthorized('session required: Authorization: Bearer <session from POST /v1/sessions>');
  const shop = await services.shops.get(parts.shopId);
  if (!shop) throw unauthorized('invalid session');
  applyBrowserCors(c, shop);
  const row = await services.db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('shop_id', '=', shop.id)
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= services.now().getTime()) throw unauthorized('session expired or unknown; log in again');
  await limit(c, `key:${shop.id}`, services.limits.perKey);
  c.set('shop', shop);
  c.set('session', {
    tokenHash: row.token_hash,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    visitorId: row.visitor_id,
    expiresAt: Number(row.expires_at),
  });
  await next();
};
