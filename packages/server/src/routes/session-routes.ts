import { meJoinSchema, mePatchSchema, meWithdrawalCreateSchema, pageQuerySchema, sessionCreateSchema } from '@twotier/core/schema';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../context';
import { authenticateBrowser, sessionAuth } from '../http/auth';
import { readJson } from '../http/body';
import { forbidden } from '../http/errors';
import { parseWith, queryObject } from '../http/validate';
import { listCommissions, listWithdrawals } from '../services/lists';
import { join, meProfile, recruitsOf } from '../services/me';
import { withCommissionContext } from '../services/me-commissions';
import { createSession, distributorOfUser } from '../services/sessions';
import { requestWithdrawal, toWithdrawal } from '../services/withdrawals';
import { addMyPayoutRoutes } from './payout-routes';

/** The session's distributor, or 403 when the user has not joined. */
async function myDistributor(c: Context<AppEnv>) {
  const { db } = c.get('services');
  const d = await distributorOfUser(db.kysely, c.get('shop').id, c.get('session').userId);
  if (!d) throw forbidden('not_a_distributor', 'join first: POST /v1/me/join { "acceptTerms": true }');
  return d;
}

/** Share-panel login and the distributor's own endpoints. */
export function sessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/sessions', async (c) => {
    const { db, now, sessionTtlMs, identityTokenMaxLifetimeSeconds } = c.get('services');
    const body = await readJson(c);
    const shop = await authenticateBrowser(c, body && typeof body === 'object' ? (body as { key?: unknown }).key : undefined);
    const input = parseWith(sessionCreateSchema, body);
    return c.json(await createSession(db, shop, input.identityToken, input.visitorId, now().getTime(), sessionTtlMs, identityTokenMaxLifetimeSeconds), 201);
  });

  app.use('/v1/me', sessionAuth);
  app.use('/v1/me/*', sessionAuth);

  app.get('/v1/me', async (c) => c.json(await meProfile(c.get('services').db, c.get('shop'), c.get('session'))));

  app.post('/v1/me/join', async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(meJoinSchema, await readJson(c));
    const { status } = await join(db, c.get('shop'), c.get('session'), input, now().getTime());
    // the new profile (distributor, links, balance), as `GET /v1/me` answers it
    return c.json(await meProfile(db, c.get('shop'), c.get('session')), status);
  });

  app.get('/v1/me/commissions', async (c) => {
    const d = await myDistributor(c);
    const query = parseWith(pageQuerySchema, queryObject(c.req.url));
    const { kysely } = c.get('services').db;
    // Additive: the recruit of a level-2 line, the refunds that took a line back (for the share panel).
    return c.json(await withCommissionContext(kysely, c.get('shop').id, await listCommissions(kysely, c.get('shop').id, { ...query, distributorId: d.id })));
  });

  app.get('/v1/me/recruits', async (c) => {
    const d = await myDistributor(c);
    return c.json({ data: await recruitsOf(c.get('services').db, c.get('shop'), d) });
  });

  app.get('/v1/me/withdrawals', async (c) => {
    const d = await myDistributor(c);
    const query = parseWith(pageQuerySchema, queryObject(c.req.url));
    return c.json(await listWithdrawals(c.get('services').db.kysely, c.get('shop').id, { ...query, distributorId: d.id }));
  });

  app.post('/v1/me/withdrawals', async (c) => {
    const { db, now } = c.get('services');
    const d = await myDistributor(c);
    if (d.status !== 'active') throw forbidden('not_active', `your distributor account is ${d.status}`);
    const { amount, currency, payoutAccountId } = parseWith(meWithdrawalCreateSchema, await readJson(c));
    return c.json(toWithdrawal(await requestWithdrawal(db, c.get('shop'), d.id, amount, now().getTime(), currency, payoutAccountId)), 201);
  });

  addMyPayoutRoutes(app, myDistributor);

  // the panel keeps my emails in its language, and lets me stop or restart them
  app.patch('/v1/me', async (c) => {
    const { db, now } = c.get('services');
    const d = await myDistributor(c);
    const input = parseWith(mePatchSchema, await readJson(c));
    const set: { locale?: string; email_opt_out_at?: number | null } = {};
    if (input.locale !== undefined) set.locale = input.locale;
    if (input.emails !== undefined) set.email_opt_out_at = input.emails ? null : now().getTime();
    await db.writeTx((tx) => tx.updateTable('distributors').set(set).where('shop_id', '=', d.shop_id).where('id', '=', d.id).execute());
    const locale = set.locale ?? d.locale ?? 'en';
    const optedOut = 'email_opt_out_at' in set ? set.email_opt_out_at : d.email_opt_out_at;
    return c.json({ locale: locale === 'zh-CN' ? 'zh-CN' : 'en', emails: optedOut === null || optedOut === undefined, email: d.email });
  });

  return app;
}
