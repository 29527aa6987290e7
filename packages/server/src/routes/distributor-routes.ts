import {
  balanceSchema,
  distributorCreateSchema,
  distributorListQuerySchema,
  distributorPageSchema,
  distributorPatchSchema,
  distributorSchema,
  payoutAccountCreateSchema,
  payoutAccountListSchema,
  payoutAccountSchema,
} from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { listDistributors } from '../services/distributor-list';
import { createDistributor, patchDistributor, requireDistributor, toDistributor } from '../services/distributors';
import { balanceOf } from '../services/ledger';
import { createPayoutAccount, deletePayoutAccount, listPayoutAccounts, toPayoutAccount } from '../payouts/payout-accounts';

/** Distributors of a shop (secret key). */
export function distributorRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/distributors', secretAuth);
  app.use('/v1/distributors/*', secretAuth);

  route(app, { method: 'post', path: '/v1/distributors', tag: 'Distributors', auth: 'secret', summary: 'Create a distributor', body: distributorCreateSchema, response: distributorSchema, status: 201 }, async (c) => {
    const { db, now } = c.get('services');
    const row = await createDistributor(db, c.get('shop'), c.req.valid('json'), now().getTime());
    return c.json(toDistributor(row), 201);
  });

  route(app, { method: 'get', path: '/v1/distributors', tag: 'Distributors', auth: 'secret', summary: 'List distributors', query: distributorListQuerySchema, response: distributorPageSchema }, async (c) => {
    const { db } = c.get('services');
    return c.json(await listDistributors(db.kysely, c.get('shop').id, c.req.valid('query')));
  });

  route(app, { method: 'get', path: '/v1/distributors/{id}', tag: 'Distributors', auth: 'secret', summary: 'One distributor', response: distributorSchema }, async (c) => {
    const { db } = c.get('services');
    return c.json(toDistributor(await requireDistributor(db.kysely, c.get('shop').id, c.req.param('id'))));
  });

  route(app, { method: 'patch', path: '/v1/distributors/{id}', tag: 'Distributors', auth: 'secret', summary: 'Change status, grade or parent (a cycle is refused)', body: distributorPatchSchema, response: distributorSchema }, async (c) => {
    const { db } = c.get('services');
    return c.json(toDistributor(await patchDistributor(db, c.get('shop'), c.req.param('id'), c.req.valid('json'))));
  });

  route(app, { method: 'get', path: '/v1/distributors/{id}/balance', tag: 'Distributors', auth: 'secret', summary: 'Balance: sums of ledger entries', response: balanceSchema }, async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await requireDistributor(db.kysely, shop.id, c.req.param('id'));
    return c.json(await balanceOf(db.kysely, shop, d.id));
  });

  // a distributor's payout accounts: POST / GET /v1/distributors/{id}/payout-accounts, DELETE …/{accountId}
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
  return app;
}
