import { balanceSchema, distributorCreateSchema, distributorListQuerySchema, distributorPageSchema, distributorPatchSchema, distributorSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { listDistributors } from '../services/distributor-list';
import { createDistributor, patchDistributor, requireDistributor, toDistributor } from '../services/distributors';
import { balanceOf } from '../services/ledger';
import { addDistributorPayoutRoutes } from './payout-routes';

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

  addDistributorPayoutRoutes(app);
  return app;
}
