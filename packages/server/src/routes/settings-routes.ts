import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { invalid } from '../http/errors';
import { openApiRoutes, route } from '../openapi/declare';
import { shopSettingsPatchSchema, shopSettingsSchema, stripeSettingsSchema } from '@twotier/core/schema';
import { loadSettings, publicSettings, updateSettings } from '../settings/shop-settings';

/** `GET|PATCH /v1/settings`, `PUT /v1/integrations/stripe` (secret key). */
export function settingsRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/settings', secretAuth);

  route(app, { method: 'get', path: '/v1/settings', tag: 'Shop', auth: 'secret', summary: 'Server-side shop settings', response: shopSettingsSchema }, async (c) => {
    const { db } = c.get('services');
    return c.json(publicSettings(await loadSettings(db.kysely, c.get('shop').id)));
  });

  const patch = { method: 'patch', path: '/v1/settings', tag: 'Shop', auth: 'secret', summary: 'Change referee reward and click retention', body: shopSettingsPatchSchema, response: shopSettingsSchema } as const;
  route(app, patch, async (c) => {
    const { db, now } = c.get('services');
    const change = c.req.valid('json');
    const shopId = c.get('shop').id;
    const window = c.get('shop').program.attributionWindowDays;
    if (typeof change.clickRetentionDays === 'number' && change.clickRetentionDays < window) {
      throw invalid('retention_shorter_than_window', `clickRetentionDays must be at least the attribution window (${window} days): attribution reads clicks that old`);
    }
    const next = await db.writeTx((tx) => updateSettings(tx, shopId, change, now().getTime()));
    return c.json(publicSettings(next));
  });

  const stripe = { method: 'put', path: '/v1/integrations/stripe', tag: 'Stripe', auth: 'secret', summary: 'Set the Stripe webhook signing secret', body: stripeSettingsSchema, response: shopSettingsSchema, middleware: [secretAuth] } as const;
  route(app, stripe, async (c) => {
    const { db, now } = c.get('services');
    const { signingSecret } = c.req.valid('json');
    const shopId = c.get('shop').id;
    const next = await db.writeTx((tx) => updateSettings(tx, shopId, { stripeSigningSecret: signingSecret }, now().getTime()));
    return c.json(publicSettings(next));
  });

  return app;
}
