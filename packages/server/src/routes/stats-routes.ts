import { statsQuerySchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { parseWith, queryObject } from '../http/validate';
import { statsFromRollups } from '../stats/rollup-stats';
import { reportReader } from '../db/read-replica';

/** `GET /v1/stats?from=&to=&groupBy=day|distributor|product|region` (secret key). */
export function statsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/stats', secretAuth, async (c) => {
    const query = parseWith(statsQuerySchema, queryObject(c.req.url));
    // may lag behind the last orders by the replica's delay (DATABASE_READ_URL)
    return c.json(await statsFromRollups(reportReader(c.get('services').db), c.get('shop'), query));
  });
  return app;
}
