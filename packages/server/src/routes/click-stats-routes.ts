import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { parseWith, queryObject } from '../http/validate';
import { clickStats, dayOf } from '../stats/rollup-stats';

/** `GET /v1/stats/clicks?from=&to=&groupBy=day|distributor`. */
export const clickStatsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  groupBy: z.enum(['day', 'distributor']).default('day'),
});

/** Clicks per day or distributor from the daily rollup (secret key). */
export function clickStatsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/stats/clicks', secretAuth, async (c) => {
    const query = parseWith(clickStatsQuerySchema, queryObject(c.req.url));
    const rows = await clickStats(c.get('services').db.kysely, c.get('shop').id, query.groupBy, dayOf(query.from), dayOf(query.to));
    return c.json({ groupBy: query.groupBy, from: query.from ?? null, to: query.to ?? null, rows });
  });
  return app;
}
