import { orderCreateSchema, orderResultSchema, refundCreateSchema, refundResultSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { notFound } from '../http/errors';
import { openApiRoutes, route } from '../openapi/declare';
import { loadOrderResult } from '../services/order-view';
import { createOrder } from '../services/orders';
import { createRefund } from '../services/refunds';

/** Verified orders and refunds (secret key). */
export function orderRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/orders', secretAuth);
  app.use('/v1/orders/*', secretAuth);

  const recordOrder = { method: 'post', path: '/v1/orders', tag: 'Orders', auth: 'secret', summary: 'Record a verified order (idempotent on id; other content is 409)', body: orderCreateSchema, response: orderResultSchema, status: 201 } as const;
  route(app, recordOrder, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    const outcome = await createOrder(db, c.get('shop'), input, now().getTime());
    return c.json(outcome.body, outcome.status);
  });

  route(app, { method: 'get', path: '/v1/orders/{id}', tag: 'Orders', auth: 'secret', summary: 'An order and its commissions', response: orderResultSchema }, async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const row = await db.kysely.selectFrom('orders').selectAll().where('shop_id', '=', shop.id).where('id', '=', c.req.param('id')).executeTakeFirst();
    if (!row) throw notFound(`order ${c.req.param('id')}`);
    return c.json(await loadOrderResult(db.kysely, shop.id, row));
  });

  const refund = { method: 'post', path: '/v1/orders/{id}/refunds', tag: 'Orders', auth: 'secret', summary: 'Refund by amount or items (idempotent on refund id)', body: refundCreateSchema, response: refundResultSchema, status: 201 } as const;
  route(app, refund, async (c) => {
    const { db, now } = c.get('services');
    const outcome = await createRefund(db, c.get('shop'), c.req.param('id'), c.req.valid('json'), now().getTime());
    return c.json(outcome.body, outcome.status);
  });

  return app;
}
