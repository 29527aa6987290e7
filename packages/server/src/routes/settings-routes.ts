import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { invalid } from '../http/errors';
import { parseWith } from '../http/validate';
import { shopSettingsPatchSchema, stripeSettingsSchema } from '../schemas/feature-schemas';
import { loadSettings, publicSettings, updateSettings } from '../settings/shop-settings';

/** `GET|PATCH /v1/settings`, `PUT /v1/integrations/stripe` (secret key). */
export function settingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/settings', secretAuth);

  app.get('/v1/settings', async (c) => {
    const { db } = c.get('services');
    return c.json(publicSettings(await loadSettings(db.kysely, c.get('shop').id)));
  });

  app.patch('/v1/settings', async (c) => {
    const { db, now } = c.get('services');
    const change = parseWith(shopSettingsPatchSchema, await readJson(c));
    const shopId = c.get('shop').id;
    const window = c.get('shop').program.attributionWindowDays;
    if (typeof change.clickRetentionDays === 'number' && change.clickRetentionDays < window) {
      throw invalid('retention_shorter_than_window', `clickRetentionDays must be at least the attribution window (${window} days): attribution reads clicks that old`);
    }
    const next = await db.writeTx((tx) => updateSettings(tx, shopId, change, now().getTime()));
    return c.json(publicSettings(next));
  });

  app.put('/v1/integrations/stripe', secretAuth, async (c) => {
    const { db, now } = c.get('services');
    const { signingSecret } = parseWith(stripeSettingsSchema, await readJson(c));
    const shopId = c.get('shop').id;
    const next = await db.writeTx((tx) => updateSettings(tx, shopId, { stripeSigningSecret: signingSecret }, now().getTime()));
    return c.json(publicSettings(next));
  });

  return app;
}
