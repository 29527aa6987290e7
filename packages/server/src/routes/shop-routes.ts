import { programSchema, shopCreateSchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { operatorAuth, secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { invalid } from '../http/errors';
import { parseWith } from '../http/validate';
import { createShop, toShop } from '../services/shops';

/** `POST /v1/shops` (operator), `GET /v1/shop`, `GET|PUT /v1/program` (secret key). */
export function shopRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/shops', operatorAuth, async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(shopCreateSchema, await readJson(c));
    return c.json(await createShop(db, input, now().getTime()), 201);
  });

  app.get('/v1/shop', secretAuth, (c) => c.json(toShop(c.get('shop'))));

  app.get('/v1/program', secretAuth, (c) => c.json(c.get('shop').program));

  app.put('/v1/program', secretAuth, async (c) => {
    const { db, shops } = c.get('services');
    const shop = c.get('shop');
    const body = await readJson(c);
    if (body && typeof body === 'object' && 'levels' in body && typeof body.levels === 'number' && body.levels > 2) {
      throw invalid(
        'too_many_levels',
        `levels must be 1 or 2, not ${body.levels}: twotier never pays a third level (deeper chains can be judged pyramid selling)`,
      );
    }
    const program = parseWith(programSchema, body);
    for (const r of program.rules) {
      for (const g of r.when?.grade ?? []) {
        if (!program.grades.some((x) => x.id === g)) {
          throw invalid('unknown_grade', `rule "${r.id}" names grade "${g}", which the program does not define`);
        }
      }
    }
    await db.writeTx((tx) => tx.updateTable('shops').set({ program: JSON.stringify(program) }).where('id', '=', shop.id).execute());
    shops.invalidate(shop);
    return c.json(program);
  });

  return app;
}
