import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppEnv } from '../context';
import type { Db } from '../db';
import { CSRF_COOKIE, SESSION_COOKIE } from '../http/admin-session-auth';
import { sha256Hex } from '../util/crypto';
import { randomToken } from '../util/ids';
import type { AdminUser } from './admin-users';

export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, adminSessionAuth, hasAdminCookie, loadAdminSession } from '../http/admin-session-auth';

/** Admin sessions last 12 hours. */
export const ADMIN_SESSION_TTL_MS = 12 * 3_600_000;

const isHttps = (c: Context<AppEnv>): boolean =>
  new URL(c.req.url).protocol === 'https:' || (c.get('services').trustProxy > 0 && c.req.header('x-forwarded-proto') === 'https');

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
