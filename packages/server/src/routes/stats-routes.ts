import { statsQuerySchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { parseWith, queryObject } from '../http/validate';
import { statsFromRollups } from '../stats/rollup-stats';

/** `GET /v1/stats?from=&to=&groupBy=day|distributor|product|region` (secret key). */
export function statsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/stats', secretAuth, async (c) => {
    const query = parseWith(statsQuerySchema, queryObject(c.req.url));
    return c.json(await statsFromRollups(c.get('services').db.kysely, c.get('shop'), query));
  });
  return app;
}
