import { Hono } from 'hono';
import { runBonuses } from '../bonuses/run-bonuses';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { parseWith, queryObject } from '../http/validate';
import { bonusListQuerySchema } from '../schemas/feature-schemas';
import { iso } from '../util/time';

/** `POST /v1/bonuses/run`, `GET /v1/bonuses` (secret key). */
export function bonusRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/bonuses', secretAuth);
  app.use('/v1/bonuses/*', secretAuth);

  app.post('/v1/bonuses/run', async (c) => {
    const { db, now } = c.get('services');
    return c.json(await runBonuses(db, c.get('shop'), now().getTime()));
  });

  app.get('/v1/bonuses', async (c) => {
    const { db } = c.get('services');
    const query = parseWith(bonusListQuerySchema, queryObject(c.req.url));
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
