import { statsQuerySchema, statsResponseSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { statsFromRollups } from '../stats/rollup-stats';
import { reportReader } from '../db/read-replica';

/** `GET /v1/stats?from=&to=&groupBy=day|distributor|product|region` (secret key). */
export function statsRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  const stats = {
    method: 'get',
    path: '/v1/stats',
    tag: 'Stats',
    auth: 'secret',
    summary: 'Attributed orders, sales and commissions by day, distributor, product or region (from daily rollups)',
    query: statsQuerySchema,
    response: statsResponseSchema,
    middleware: [secretAuth],
  } as const;
  route(app, stats, async (c) => {
    const query = c.req.valid('query');
    // may lag behind the last orders by the replica's delay (DATABASE_READ_URL)
    return c.json(await statsFromRollups(reportReader(c.get('services').db), c.get('shop'), query));
  });
  return app;
}
