import type { OpenAPIHono } from '@hono/zod-openapi';
import { adminSessionSchema, adminSignInSchema, adminUserSchema } from '@twotier/core/schema';
import { z } from 'zod';
import type { AppEnv } from '../../context';
import { operatorAuth } from '../../http/auth';
import { readJson } from '../../http/body';
import { clientIp } from '../../http/client-ip';
import { unauthorized } from '../../http/errors';
import { parseWith } from '../../http/validate';
import { openApiRoutes, route } from '../../openapi/declare';
import { toShop } from '../../services/shops';
import { endAdminSession, loadAdminSession, startAdminSession } from '../admin-session';
import { authenticateAdmin, createAdminUser } from '../admin-users';
import { signInRefused } from '../sign-in-attempts';

const adminCreateSchema = z.strictObject({
  shopId: z.string().min(1).max(64),
  email: z.string().min(3).max(254),
  password: z.string().min(12, 'the password needs at least 12 characters').max(512),
});

/**
 * Admin users and sign-in: `POST /v1/admin-users` (operator token),
 * `POST /v1/admin/session` (email + password → cookies; limited per IP
 * and per email, see sign-in-attempts.ts),
 * `GET /v1/admin/session` (who am I, the CSRF token), `DELETE` (sign out).
 */
export function adminAuthRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  const createUser = { method: 'post', path: '/v1/admin-users', tag: 'Admin', auth: 'operator', summary: 'Create an admin user of a shop', body: adminCreateSchema, response: adminUserSchema, status: 201, middleware: [operatorAuth] } as const;
  route(app, createUser, async (c) => {
    const { db, now } = c.get('services');
    return c.json(await createAdminUser(db, c.req.valid('json'), now().getTime()), 201);
  });

  // the per-IP count and the origin check come before the body is read
  const signIn = { method: 'post', path: '/v1/admin/session', tag: 'Admin', auth: 'none', summary: 'Sign in to the dashboard (sets the session cookie)', body: adminSignInSchema, response: adminSessionSchema, status: 201, manual: true } as const;
  route(app, signIn, async (c) => {
    const { db, now, shops, rateLimiter, limits, trustProxy } = c.get('services');
    // every attempt from one address counts, before anything about it is read
    if (rateLimiter) {
      const { limit, windowMs } = limits.adminSignInPerIp;
      const d = await rateLimiter.consume(`admin-sign-in:ip:${clientIp(c, trustProxy)}`, limit, windowMs);
      if (!d.allowed) throw signInRefused(d.retryAfterSeconds);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== new URL(c.req.url).origin) throw unauthorized('sign in from the dashboard itself');
    const input = parseWith(adminSignInSchema, await readJson(c));
    const user = await authenticateAdmin(db, input, now().getTime(), limits.adminSignInPerAccount);
    const shop = await shops.get(user.shopId);
    if (!shop) throw unauthorized('the shop of this admin no longer exists');
    const session = await startAdminSession(c, db, user, now().getTime());
    return c.json({ user, shop: toShop(shop), ...session }, 201);
  });

  route(app, { method: 'get', path: '/v1/admin/session', tag: 'Admin', auth: 'admin', summary: 'Current dashboard session', response: adminSessionSchema }, async (c) => {
    const { db, shops } = c.get('services');
    const row = await loadAdminSession(c);
    if (!row) throw unauthorized('not signed in');
    const shop = await shops.get(row.shop_id);
    const user = await db.kysely.selectFrom('admin_users').select(['id', 'email']).where('shop_id', '=', row.shop_id).where('id', '=', row.user_id).executeTakeFirst();
    if (!shop || !user) throw unauthorized('not signed in');
    return c.json({ user: { ...user, shopId: shop.id }, shop: toShop(shop), csrfToken: row.csrf_token, expiresAt: new Date(Number(row.expires_at)).toISOString() });
  });

  route(app, { method: 'delete', path: '/v1/admin/session', tag: 'Admin', auth: 'admin', summary: 'Sign out', status: 204 }, async (c) => {
    await endAdminSession(c, c.get('services').db);
    return c.body(null, 204);
  });

  return app;
}
