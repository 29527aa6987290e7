import {
  meEmailSettingsSchema,
  meJoinSchema,
  mePatchSchema,
  meRecruitsSchema,
  meResponseSchema,
  meWithdrawalCreateSchema,
  payoutAccountCreateSchema,
  payoutAccountListSchema,
  payoutAccountSchema,
  withdrawalQuoteQuerySchema,
  withdrawalQuoteSchema,
  myCommissionPageSchema,
  pageQuerySchema,
  sessionCreateSchema,
  sessionResultSchema,
  withdrawalPageSchema,
  withdrawalSchema,
} from '@twotier/core/schema';
import { programAmountsIn, splitWithdrawal } from '@twotier/core';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import type { DistributorTable } from '../db/schema';
import { authenticateBrowser, sessionAuth } from '../http/auth';
import { readJson } from '../http/body';
import { forbidden } from '../http/errors';
import { parseWith } from '../http/validate';
import { openApiRoutes, route } from '../openapi/declare';
import { listCommissions, listWithdrawals } from '../services/lists';
import { join, meProfile, recruitsOf } from '../services/me';
import { withCommissionContext } from '../services/me-commissions';
import { createPayoutAccount, deletePayoutAccount, listPayoutAccounts, toPayoutAccount } from '../payouts/payout-accounts';
import { requireAcceptedCurrency } from '../services/currencies';
import { currencyBalanceOf } from '../services/ledger';
import { createSession, distributorOfUser } from '../services/sessions';
import { requestWithdrawal, toWithdrawal } from '../services/withdrawals';

const mine = new WeakMap<Context, Promise<DistributorTable>>();

/** The session's distributor, or 403 when the user has not joined (read once per request). */
function myDistributor(c: Context<AppEnv>): Promise<DistributorTable> {
  let d = mine.get(c);
  if (!d) {
    const { db } = c.get('services');
    d = distributorOfUser(db.kysely, c.get('shop').id, c.get('session').userId).then((row) => {
      if (!row) throw forbidden('not_a_distributor', 'join first: POST /v1/me/join { "acceptTerms": true }');
      return row;
    });
    mine.set(c, d);
  }
  return d;
}

/** 403 for a user who has not joined, before the query or body is validated. */
const joined: MiddlewareHandler<AppEnv> = async (c, next) => {
  await myDistributor(c);
  await next();
};

/** Share-panel login and the distributor's own endpoints. */
export function sessionRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  // the publishable key in the body comes first (401/403 before 422)
  const login = { method: 'post', path: '/v1/sessions', tag: 'Share panel', auth: 'publishable', summary: 'A distributor session from the shop identity token', body: sessionCreateSchema, response: sessionResultSchema, status: 201, manual: true } as const;
  route(app, login, async (c) => {
    const { db, now, sessionTtlMs, identityTokenMaxLifetimeSeconds } = c.get('services');
    const body = await readJson(c);
    const shop = await authenticateBrowser(c, body && typeof body === 'object' ? (body as { key?: unknown }).key : undefined);
    const input = parseWith(sessionCreateSchema, body);
    return c.json(await createSession(db, shop, input.identityToken, input.visitorId, now().getTime(), sessionTtlMs, identityTokenMaxLifetimeSeconds), 201);
  });

  app.use('/v1/me', sessionAuth);
  app.use('/v1/me/*', sessionAuth);

  route(app, { method: 'get', path: '/v1/me', tag: 'Share panel', auth: 'session', summary: 'Profile, links, balance', response: meResponseSchema }, async (c) => c.json(await meProfile(c.get('services').db, c.get('shop'), c.get('session'))));

  const joinRoute = { method: 'post', path: '/v1/me/join', tag: 'Share panel', auth: 'session', summary: 'Become a distributor (never costs anything); answers the new profile', body: meJoinSchema, response: meResponseSchema, status: 201 } as const;
  route(app, joinRoute, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    const { status } = await join(db, c.get('shop'), c.get('session'), input, now().getTime());
    // the new profile (distributor, links, balance), as `GET /v1/me` answers it
    return c.json(await meProfile(db, c.get('shop'), c.get('session')), status);
  });

  const myCommissions = { method: 'get', path: '/v1/me/commissions', tag: 'Share panel', auth: 'session', summary: 'My commissions', query: pageQuerySchema, response: myCommissionPageSchema, middleware: [joined] } as const;
  route(app, myCommissions, async (c) => {
    const d = await myDistributor(c);
    const query = c.req.valid('query');
    const { kysely } = c.get('services').db;
    // Additive: the recruit of a level-2 line, the refunds that took a line back (for the share panel).
    return c.json(await withCommissionContext(kysely, c.get('shop').id, await listCommissions(kysely, c.get('shop').id, { ...query, distributorId: d.id })));
  });

  route(app, { method: 'get', path: '/v1/me/recruits', tag: 'Share panel', auth: 'session', summary: 'My direct recruits and their sales', response: meRecruitsSchema }, async (c) => {
    const d = await myDistributor(c);
    return c.json({ data: await recruitsOf(c.get('services').db, c.get('shop'), d) });
  });

  route(app, { method: 'get', path: '/v1/me/withdrawals', tag: 'Share panel', auth: 'session', summary: 'My withdrawals', query: pageQuerySchema, response: withdrawalPageSchema, middleware: [joined] }, async (c) => {
    const d = await myDistributor(c);
    const query = c.req.valid('query');
    return c.json(await listWithdrawals(c.get('services').db.kysely, c.get('shop').id, { ...query, distributorId: d.id }));
  });

  // an inactive distributor is 403 before the body is read
  const myWithdrawal = { method: 'post', path: '/v1/me/withdrawals', tag: 'Share panel', auth: 'session', summary: 'Request a withdrawal of my available balance', body: meWithdrawalCreateSchema, response: withdrawalSchema, status: 201, manual: true } as const;
  route(app, myWithdrawal, async (c) => {
    const { db, now } = c.get('services');
    const d = await myDistributor(c);
    if (d.status !== 'active') throw forbidden('not_active', `your distributor account is ${d.status}`);
    const { amount, currency, payoutAccountId } = parseWith(meWithdrawalCreateSchema, await readJson(c));
    return c.json(toWithdrawal(await requestWithdrawal(db, c.get('shop'), d.id, amount, now().getTime(), currency, payoutAccountId)), 201);
  });

  // my payout accounts (GET / POST /v1/me/payout-accounts, DELETE …/{accountId}) and a withdrawal's quote
  route(app, { method: 'get', path: '/v1/me/payout-accounts', tag: 'Share panel', auth: 'session', summary: 'My payout accounts, masked', response: payoutAccountListSchema }, async (c) => {
    const d = await myDistributor(c);
    return c.json({ data: (await listPayoutAccounts(c.get('services').db.kysely, c.get('shop').id, d.id)).map(toPayoutAccount) });
  });

  const addMine = { method: 'post', path: '/v1/me/payout-accounts', tag: 'Share panel', auth: 'session', summary: 'Add one of my payout accounts', body: payoutAccountCreateSchema, response: payoutAccountSchema, status: 201, middleware: [joined] } as const;
  route(app, addMine, async (c) => {
    const { db, now, payoutKeys } = c.get('services');
    const d = await myDistributor(c);
    return c.json(toPayoutAccount(await createPayoutAccount(db, payoutKeys, c.get('shop').id, d.id, c.req.valid('json'), now().getTime())), 201);
  });

  route(app, { method: 'delete', path: '/v1/me/payout-accounts/{accountId}', tag: 'Share panel', auth: 'session', summary: 'Delete one of my payout accounts', status: 204 }, async (c) => {
    const { db, now } = c.get('services');
    const d = await myDistributor(c);
    await deletePayoutAccount(db, c.get('shop').id, d.id, c.req.param('accountId'), now().getTime());
    return c.body(null, 204);
  });

  // what the panel shows before asking to confirm: amount, fee and net
  const quote = {
    method: 'get',
    path: '/v1/me/withdrawals/quote',
    tag: 'Share panel',
    auth: 'session',
    summary: 'What a withdrawal of an amount would be: fee, net, and whether balance and minimum allow it (shown before confirming)',
    query: withdrawalQuoteQuerySchema,
    response: withdrawalQuoteSchema,
    middleware: [joined],
  } as const;
  route(app, quote, async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await myDistributor(c);
    const q = c.req.valid('query');
    const currency = q.currency === undefined ? shop.currency : requireAcceptedCurrency(shop, q.currency, 'the withdrawal');
    const amounts = programAmountsIn(shop.program, { currency, defaultCurrency: shop.currency });
    const { fee, net } = splitWithdrawal(q.amount, amounts.withdrawalFee);
    const { available } = await currencyBalanceOf(db.kysely, shop.id, d.id, currency);
    return c.json({ currency, amount: q.amount, fee, net, available, minWithdrawal: amounts.minWithdrawal, allowed: q.amount >= amounts.minWithdrawal && q.amount <= available });
  });

  // the panel keeps my emails in its language, and lets me stop or restart them
  route(app, { method: 'patch', path: '/v1/me', tag: 'Share panel', auth: 'session', summary: 'The language of my emails, and whether I get them', body: mePatchSchema, response: meEmailSettingsSchema, middleware: [joined] }, async (c) => {
    const { db, now } = c.get('services');
    const d = await myDistributor(c);
    const input = c.req.valid('json');
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
