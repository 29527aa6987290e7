import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../context';
import { constantTimeEqual, sha256Hex } from '../util/crypto';
import { forbidden, unauthorized } from './errors';

/**
 * The dashboard's signed-in admin, as the transport sees it: the session
 * cookie, its CSRF double submit, and the branch of the secret-key auth
 * (http/auth.ts) that lets the cookie's shop act as its secret key. Signing
 * in and out is the dashboard's (admin/admin-session.ts).
 */

/** The HttpOnly session cookie. */
export const SESSION_COOKIE = 'twotier_admin';
/** The readable double-submit cookie; its value goes back in {@link CSRF_HEADER}. */
export const CSRF_COOKIE = 'twotier_csrf';
/** Header every non-GET admin request must carry. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request carries an admin session cookie. */
export const hasAdminCookie = (c: Context): boolean => getCookie(c, SESSION_COOKIE) !== undefined;

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
