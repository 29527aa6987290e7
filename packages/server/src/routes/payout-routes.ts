import { programAmountsIn, splitWithdrawal } from '@twotier/core';
import { currencySchema, payoutAccountCreateSchema, payoutAccountListSchema, payoutAccountSchema, withdrawalListQuerySchema, withdrawalQuoteQuerySchema, withdrawalQuoteSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context';
import type { DistributorTable } from '../db/schema';
import { route } from '../openapi/declare';
import { createPayoutAccount, deletePayoutAccount, listPayoutAccounts, toPayoutAccount } from '../payouts/payout-accounts';
import { PAYOUT_FORMATS } from '../payouts/payout-files';
import { requireAcceptedCurrency } from '../services/currencies';
import { requireDistributor } from '../services/distributors';
import { currencyBalanceOf } from '../services/ledger';

/**
 * `GET /v1/withdrawals.csv?status=&distributorId=&format=&currency=&appid=&batch=`.
 * Without `format` the file is the generic export it always was; with one,
 * the payment service's bulk template (payouts/payout-files.ts).
 */
export const withdrawalCsvQuerySchema = withdrawalListQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(PAYOUT_FORMATS).optional(),
  currency: currencySchema.optional(),
  appid: z.string().regex(/^wx[0-9a-fA-F]{16}$/, 'a WeChat AppID is "wx" and 16 hex digits').optional(),
  batch: z.string().regex(/^[A-Za-z0-9]{5,32}$/, 'a WeChat batch number (商家批次单号) is 5–32 letters or digits').optional(),
  encoding: z.enum(['utf-8', 'gbk']).optional(),
});


/**
 * A distributor's payout accounts, for the shop's server (secret key):
 * `POST` / `GET /v1/distributors/{id}/payout-accounts`,
 * `DELETE /v1/distributors/{id}/payout-accounts/{accountId}`. Registered on
 * the distributor routes, under their secret-key middleware.
 */
export function addDistributorPayoutRoutes(app: OpenAPIHono<AppEnv>): void {
  const addAccount = { method: 'post', path: '/v1/distributors/{id}/payout-accounts', tag: 'Payout accounts', auth: 'secret', summary: 'Add a payout account (Alipay, WeChat Pay, bank, PayPal), validated by kind and stored encrypted; answered masked', body: payoutAccountCreateSchema, response: payoutAccountSchema, status: 201 } as const;
  route(app, addAccount, async (c) => {
    const { db, now, payoutKeys } = c.get('services');
    return c.json(toPayoutAccount(await createPayoutAccount(db, payoutKeys, c.get('shop').id, c.req.param('id'), c.req.valid('json'), now().getTime())), 201);
  });

  route(app, { method: 'get', path: '/v1/distributors/{id}/payout-accounts', tag: 'Payout accounts', auth: 'secret', summary: "A distributor's payout accounts, masked", response: payoutAccountListSchema }, async (c) => {
    const { db } = c.get('services');
    const shopId = c.get('shop').id;
    const d = await requireDistributor(db.kysely, shopId, c.req.param('id'));
    return c.json({ data: (await listPayoutAccounts(db.kysely, shopId, d.id)).map(toPayoutAccount) });
  });

  route(app, { method: 'delete', path: '/v1/distributors/{id}/payout-accounts/{accountId}', tag: 'Payout accounts', auth: 'secret', summary: 'Delete a payout account (withdrawals that named it can still be paid)', status: 204 }, async (c) => {
    const { db, now } = c.get('services');
    await deletePayoutAccount(db, c.get('shop').id, c.req.param('id'), c.req.param('accountId'), now().getTime());
    return c.body(null, 204);
  });
}

/**
 * The distributor's own payout accounts and a withdrawal quote (session):
 * `GET` / `POST /v1/me/payout-accounts`, `DELETE /v1/me/payout-accounts/{accountId}`,
 * `GET /v1/me/withdrawals/quote`. Registered on the session routes, under
 * their session middleware; `me` resolves the session's distributor.
 */
export function addMyPayoutRoutes(app: OpenAPIHono<AppEnv>, me: (c: Context<AppEnv>) => Promise<DistributorTable>, joined: MiddlewareHandler<AppEnv>): void {
  route(app, { method: 'get', path: '/v1/me/payout-accounts', tag: 'Share panel', auth: 'session', summary: 'My payout accounts, masked', response: payoutAccountListSchema }, async (c) => {
    const d = await me(c);
    return c.json({ data: (await listPayoutAccounts(c.get('services').db.kysely, c.get('shop').id, d.id)).map(toPayoutAccount) });
  });

  const addMine = { method: 'post', path: '/v1/me/payout-accounts', tag: 'Share panel', auth: 'session', summary: 'Add one of my payout accounts', body: payoutAccountCreateSchema, response: payoutAccountSchema, status: 201, middleware: [joined] } as const;
  route(app, addMine, async (c) => {
    const { db, now, payoutKeys } = c.get('services');
    const d = await me(c);
    return c.json(toPayoutAccount(await createPayoutAccount(db, payoutKeys, c.get('shop').id, d.id, c.req.valid('json'), now().getTime())), 201);
  });

  route(app, { method: 'delete', path: '/v1/me/payout-accounts/{accountId}', tag: 'Share panel', auth: 'session', summary: 'Delete one of my payout accounts', status: 204 }, async (c) => {
    const { db, now } = c.get('services');
    const d = await me(c);
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
    const d = await me(c);
    const q = c.req.valid('query');
    const currency = q.currency === undefined ? shop.currency : requireAcceptedCurrency(shop, q.currency, 'the withdrawal');
    const amounts = programAmountsIn(shop.program, { currency, defaultCurrency: shop.currency });
    const { fee, net } = splitWithdrawal(q.amount, amounts.withdrawalFee);
    const { available } = await currencyBalanceOf(db.kysely, shop.id, d.id, currency);
    return c.json({ currency, amount: q.amount, fee, net, available, minWithdrawal: amounts.minWithdrawal, allowed: q.amount >= amounts.minWithdrawal && q.amount <= available });
  });
}
