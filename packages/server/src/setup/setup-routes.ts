import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { setupState, unknownCodes } from './setup-state';

/**
 * What the dashboard's setup checklist and its unknown-codes card read, under the same auth as
 * the other reports (the secret key, or the dashboard's session).
 */
export function setupRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/admin/setup', secretAuth, async (c) => c.json(await setupState(c.get('services'), c.get('shop'))));
  app.get('/v1/admin/unknown-codes', secretAuth, async (c) => c.json({ data: await unknownCodes(c.get('services'), c.get('shop').id) }));
  return app;
}
