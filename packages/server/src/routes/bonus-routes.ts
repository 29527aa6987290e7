import type { OpenAPIHono } from '@hono/zod-openapi';
import { runBonuses } from '../bonuses/run-bonuses';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { bonusListQuerySchema, bonusListSchema, bonusRunResultSchema } from '@twotier/core/schema';
import { iso } from '../util/time';

/** `POST /v1/bonuses/run`, `GET /v1/bonuses` (secret key). */
export function bonusRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/bonuses', secretAuth);
  app.use('/v1/bonuses/*', secretAuth);

  const run = { method: 'post', path: '/v1/bonuses/run', tag: 'Bonuses', auth: 'secret', summary: 'Pay performance and team bonuses of closed periods (each once) and apply grade upgrades', response: bonusRunResultSchema } as const;
  route(app, run, async (c) => {
    const { db, now } = c.get('services');
    return c.json(await runBonuses(db, c.get('shop'), now().getTime()));
  });

  route(app, { method: 'get', path: '/v1/bonuses', tag: 'Bonuses', auth: 'secret', summary: 'Bonuses paid, with explanations', query: bonusListQuerySchema, response: bonusListSchema }, async (c) => {
    const { db } = c.get('services');
    const query = c.req.valid('query');
    let q = db.kysely.selectFrom('bonuses').selectAll().where('shop_id', '=', c.get('shop').id);
    if (query.distributorId) q = q.where('distributor_id', '=', query.distributorId);
    if (query.period) q = q.where('period', '=', query.period);
    const rows = await q.orderBy('period', 'desc').orderBy('id').limit(1000).execute();
    return c.json({
      data: rows.map((r) => {
        const explained = JSON.parse(r.explanation) as { tier: unknown; explanation: string };
        return {
          id: r.id,
          distributorId: r.distributor_id,
          period: r.period,
          kind: r.kind,
          sales: Number(r.sales),
          amount: Number(r.amount),
          currency: r.currency,
          explanation: explained.explanation,
          tier: explained.tier,
          createdAt: iso(Number(r.created_at)),
        };
      }),
    });
  });

  return app;
}
