import { orderCreateSchema, refundCreateSchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { notFound } from '../http/errors';
import { parseWith } from '../http/validate';
import { loadOrderResult } from '../services/order-view';
import { createOrder } from '../services/orders';
import { createRefund } from '../services/refunds';
import { upgradeAfterOrder } from '../bonuses/upgrade-after-order';

/** Verified orders and refunds (secret key). */
export function orderRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/orders', secretAuth);
  app.use('/v1/orders/*', secretAuth);

  app.post('/v1/orders', async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(orderCreateSchema, await readJson(c));
    const outcome = await createOrder(db, c.get('shop'), input, now().getTime());
    if (outcome.status === 201) await upgradeAfterOrder(db, c.get('shop'), outcome.body.order.attribution?.distributorId, input.placedAt ? Date.parse(input.placedAt) : now().getTime());
    return c.json(outcome.body, outcome.status);
  });

  app.get('/v1/orders/:id', async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const row = await db.kysely.selectFrom('orders').selectAll().where('shop_id', '=', shop.id).where('id', '=', c.req.param('id')).executeTakeFirst();
    if (!row) throw notFound(`order ${c.req.param('id')}`);
    return c.json(await loadOrderResult(db.kysely, shop.id, row));
  });

  app.post('/v1/orders/:id/refunds', async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(refundCreateSchema, await readJson(c));
    const outcome = await createRefund(db, c.get('shop'), c.req.param('id'), input, now().getTime());
    return c.json(outcome.body, outcome.status);
  });

  return app;
}
