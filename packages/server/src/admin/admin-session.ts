import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppEnv } from '../context';
import type { Db } from '../db';
import { forbidden, unauthorized } from '../http/errors';
import { constantTimeEqual, sha256Hex } from '../util/crypto';
import { randomToken } from '../util/ids';
import type { AdminUser } from './admin-users';

/** The HttpOnly session cookie. */
export const SESSION_COOKIE = 'twotier_admin';
/** The readable double-submit cookie; its value goes back in {@link CSRF_HEADER}. */
export const CSRF_COOKIE = 'twotier_csrf';
/** Header every non-GET admin request must carry. */
export const CSRF_HEADER = 'x-csrf-token';
/** Admin sessions last 12 hours. */
export const ADMIN_SESSION_TTL_MS = 12 * 3_600_000;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const isHttps = (c: Context<AppEnv>): boolean =>
  new URL(c.req.url).protocol === 'https:' || (c.get('services').trustProxy > 0 && c.req.header('x-forwarded-proto') === 'https');

/** Whether the request carries an admin session cookie. */
export const hasAdminCookie = (c: Context): boolean => getCookie(c, SESSION_COOKIE) !== undefined;

/** Starts a session for `user`: HttpOnly SameSite=Strict cookie (Secure on https) and a CSRF token. */
export async function startAdminSession(c: Context<AppEnv>, db: Db, user: AdminUser, now: number): Promise<{ csrfToken: string; expiresAt: string }> {
  const token = `adm_${user.shopId}_${randomToken(40)}`;
  const csrfToken = randomToken(32);
  const expiresAt = now + ADMIN_SESSION_TTL_MS;
  await db.writeTx((tx) =>
    tx
      .insertInto('admin_sessions')
      .values({ token_hash: sha256Hex(token), shop_id: user.shopId, user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt, created_at: now })
      .execute(),
  );
  const secure = isHttps(c);
  const maxAge = ADMIN_SESSION_TTL_MS / 1000;
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge });
  setCookie(c, CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'Strict', secure, path: '/', maxAge });
  return { csrfToken, expiresAt: new Date(expiresAt).toISOString() };
}

/** Ends the request's session (if any) and clears both cookies. */
export async function endAdminSession(c: Context<AppEnv>, db: Db): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await db.writeTx((tx) => tx.deleteFrom('admin_sessions').where('token_hash', '=', sha256Hex(token)).execute());
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  deleteCookie(c, CSRF_COOKIE, { path: '/' });
}

/** The session row of the request's cookie, or `null` when missing or expired. */
export async function loadAdminSession(c: Context<AppEnv>) {
  const { db, now } = c.get('services');
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !/^adm_[A-Za-z0-9]{8,40}_[A-Za-z0-9]{40}$/.test(token)) return null;
  const row = await db.kysely.selectFrom('admin_sessions').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
  if (!row || Number(row.expires_at) <= now().getTime()) return null;
  return row;
}

/**
 * The admin-session branch of the secret-key auth: the cookie's shop acts
 * on the same endpoints as its secret key. Every non-GET must carry the
 * CSRF token (double submit) and, when the browser sends one, an Origin
 * equal to the server's own.
 */
export const adminSessionAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const row = await loadAdminSession(c);
  if (!row) throw unauthorized('admin session expired or unknown: sign in again');
  if (!SAFE.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== new URL(c.req.url).origin) {
      throw forbidden('cross_origin', `admin requests are accepted only from ${new URL(c.req.url).origin}`);
    }
    const header = c.req.header(CSRF_HEADER) ?? '';
    if (!constantTimeEqual(header, row.csrf_token)) throw forbidden('csrf_token_required', `send the ${CSRF_COOKIE} cookie's value in the X-CSRF-Token header`);
  }
  const shop = await c.get('services').shops.get(row.shop_id);
  if (!shop) throw unauthorized('the shop of this session no longer exists');
  c.set('shop', shop);
  await next();
};
