import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { clickStats, dayOf } from '../stats/rollup-stats';

/** `GET /v1/stats/clicks?from=&to=&groupBy=day|distributor`. */
export const clickStatsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  groupBy: z.enum(['day', 'distributor']).default('day'),
});

/** The answer of `GET /v1/stats/clicks`: one row per day (key `YYYY-MM-DD`) or per distributor (key its id, with its code). */
export const clickStatsSchema = z.object({
  groupBy: z.enum(['day', 'distributor']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.array(z.object({ key: z.string(), code: z.string().optional(), clicks: z.number().int() })),
});

/** Clicks per day or distributor from the daily rollup (secret key). */
export function clickStatsRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  const clicks = { method: 'get', path: '/v1/stats/clicks', tag: 'Stats', auth: 'secret', summary: 'Clicks per day or distributor (from the daily rollup)', query: clickStatsQuerySchema, response: clickStatsSchema, middleware: [secretAuth] } as const;
  route(app, clicks, async (c) => {
    const query = c.req.valid('query');
    const rows = await clickStats(c.get('services').db.kysely, c.get('shop').id, query.groupBy, dayOf(query.from), dayOf(query.to));
    return c.json({ groupBy: query.groupBy, from: query.from ?? null, to: query.to ?? null, rows });
  });
  return app;
}
