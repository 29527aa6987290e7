import { distributorCreateSchema, distributorListQuerySchema, distributorPatchSchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { parseWith, queryObject } from '../http/validate';
import { listDistributors } from '../services/distributor-list';
import { createDistributor, patchDistributor, requireDistributor, toDistributor } from '../services/distributors';
import { balanceOf } from '../services/ledger';
import { addDistributorPayoutRoutes } from './payout-routes';

/** Distributors of a shop (secret key). */
export function distributorRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/distributors', secretAuth);
  app.use('/v1/distributors/*', secretAuth);

  app.post('/v1/distributors', async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(distributorCreateSchema, await readJson(c));
    const row = await createDistributor(db, c.get('shop'), input, now().getTime());
    return c.json(toDistributor(row), 201);
  });

  app.get('/v1/distributors', async (c) => {
    const { db } = c.get('services');
    const query = parseWith(distributorListQuerySchema, queryObject(c.req.url));
    return c.json(await listDistributors(db.kysely, c.get('shop').id, query));
  });

  app.get('/v1/distributors/:id', async (c) => {
    const { db } = c.get('services');
    return c.json(toDistributor(await requireDistributor(db.kysely, c.get('shop').id, c.req.param('id'))));
  });

  app.patch('/v1/distributors/:id', async (c) => {
    const { db } = c.get('services');
    const change = parseWith(distributorPatchSchema, await readJson(c));
    return c.json(toDistributor(await patchDistributor(db, c.get('shop'), c.req.param('id'), change)));
  });

  app.get('/v1/distributors/:id/balance', async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await requireDistributor(db.kysely, shop.id, c.req.param('id'));
    return c.json(await balanceOf(db.kysely, shop, d.id));
  });

  addDistributorPayoutRoutes(app);
  return app;
}
