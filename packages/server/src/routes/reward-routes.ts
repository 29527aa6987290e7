import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { authenticateBrowser, secretAuth } from '../http/auth';
import { clientIp } from '../http/client-ip';
import { notFound } from '../http/errors';
import { parseWith, queryObject } from '../http/validate';
import { openApiRoutes, route } from '../openapi/declare';
import { assignWelcomeCoupon } from '../rewards/assign-welcome';
import { addToPool, poolCounts } from '../rewards/reward-pool';
import { rewardPoolSchema, rewardPoolUploadSchema, welcomeQuerySchema, welcomeSchema } from '@twotier/core/schema';
import { findByCode } from '../services/distributors';
import { loadSettings } from '../settings/shop-settings';

/**
 * The referee reward: the shop's pool of welcome coupons (secret key) and
 * the public welcome offer to a visitor who came through a distributor's link
 * (a stored touch), within the shop's daily caps per distributor and per IP.
 */
export function rewardRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/referee-rewards/*', secretAuth);

  const upload = { method: 'post', path: '/v1/referee-rewards/pool', tag: 'Referee reward', auth: 'secret', summary: 'Add shop coupon codes to the welcome pool', body: rewardPoolUploadSchema, response: rewardPoolSchema, status: 201 } as const;
  route(app, upload, async (c) => {
    const { db, now } = c.get('services');
    const shop = c.get('shop');
    const { codes } = c.req.valid('json');
    const { added, skipped } = await addToPool(db, shop.id, codes, now().getTime());
    const settings = await loadSettings(db.kysely, shop.id);
    return c.json({ enabled: settings.refereeRewardEnabled, added, skipped, ...(await poolCounts(db, shop.id)) }, 201);
  });

  route(app, { method: 'get', path: '/v1/referee-rewards/pool', tag: 'Referee reward', auth: 'secret', summary: 'Pool counts', response: rewardPoolSchema }, async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const settings = await loadSettings(db.kysely, shop.id);
    return c.json({ enabled: settings.refereeRewardEnabled, ...(await poolCounts(db, shop.id)) });
  });

  // the publishable key comes first (401/403 before 422)
  const welcome = {
    method: 'get',
    path: '/v1/public/welcome',
    tag: 'Referee reward',
    auth: 'publishable',
    summary: 'A welcome coupon for a visitor who came through a distributor link (once per visitor)',
    query: welcomeQuerySchema,
    response: welcomeSchema,
    manual: true,
  } as const;
  route(app, welcome, async (c) => {
    const { db, now } = c.get('services');
    const shop = await authenticateBrowser(c, undefined);
    const query = parseWith(welcomeQuerySchema, queryObject(c.req.url));
    const d = await findByCode(db.kysely, shop.id, query.code);
    if (!d || d.status !== 'active') throw notFound(`distributor ${query.code}`);
    const distributor = { code: d.code, displayName: d.name };
    const settings = await loadSettings(db.kysely, shop.id);
    if (!settings.refereeRewardEnabled) return c.json({ distributor, coupon: null, reason: 'disabled' });
    const outcome = await assignWelcomeCoupon(db, {
      shopId: shop.id,
      distributorId: d.id,
      distributorCode: d.code,
      visitorId: query.visitorId,
      ip: clientIp(c, c.get('services').trustProxy),
      now: now().getTime(),
      caps: { perDistributor: settings.welcomeDailyCapPerDistributor, perIp: settings.welcomeDailyCapPerIp },
      windowDays: shop.program.attributionWindowDays,
    });
    return c.json({ distributor, ...outcome });
  });

  return app;
}
