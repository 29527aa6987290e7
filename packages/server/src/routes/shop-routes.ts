import { programSchema, shopCreatedSchema, shopCreateSchema, shopSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { operatorAuth, secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { parseWith } from '../http/validate';
import { openApiRoutes, route } from '../openapi/declare';
import { createShop, toShop } from '../services/shops';

/** `POST /v1/shops` (operator), `GET /v1/shop`, `GET|PUT /v1/program` (secret key). */
export function shopRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  const createShopRoute = { method: 'post', path: '/v1/shops', tag: 'Operator', auth: 'operator', summary: 'Create a shop; the secret key is shown once', body: shopCreateSchema, response: shopCreatedSchema, status: 201, middleware: [operatorAuth] } as const;
  route(app, createShopRoute, async (c) => {
    const { db, now } = c.get('services');
    return c.json(await createShop(db, c.req.valid('json'), now().getTime()), 201);
  });

  route(app, { method: 'get', path: '/v1/shop', tag: 'Shop', auth: 'secret', summary: 'The shop of this key', response: shopSchema, middleware: [secretAuth] }, (c) => c.json(toShop(c.get('shop'))));

  route(app, { method: 'get', path: '/v1/program', tag: 'Shop', auth: 'secret', summary: 'Program settings and rules', response: programSchema, middleware: [secretAuth] }, (c) => c.json(c.get('shop').program));

  // levels over 2 answer too_many_levels before the schema is read, so the body is read here
  const putProgram = { method: 'put', path: '/v1/program', tag: 'Shop', auth: 'secret', summary: 'Replace the program (more than two levels is 422)', body: programSchema, manual: true, response: programSchema, middleware: [secretAuth] } as const;
  route(app, putProgram, async (c) => {
    const { db, shops } = c.get('services');
    const shop = c.get('shop');
    // the schema refuses a third level (too_many_levels) and a rule naming an unknown grade (unknown_grade)
    const program = parseWith(programSchema, await readJson(c));
    await db.writeTx((tx) => tx.updateTable('shops').set({ program: JSON.stringify(program) }).where('id', '=', shop.id).execute());
    shops.invalidate(shop);
    return c.json(program);
  });

  return app;
}
