import type { OpenAPIHono } from '@hono/zod-openapi';
import { setupStateSchema, unknownCodesSchema } from '@twotier/core/schema';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { setupState, unknownCodes } from './setup-state';

/**
 * What the dashboard's setup checklist and its unknown-codes card read, under the same auth as
 * the other reports (the secret key, or the dashboard's session).
 */
export function setupRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  const setup = {
    method: 'get',
    path: '/v1/admin/setup',
    tag: 'Admin',
    auth: 'secret',
    summary: 'Setup checklist of a new shop: rates set, tag seen on an allowed origin, first distributor, first order',
    response: setupStateSchema,
    middleware: [secretAuth],
  } as const;
  route(app, setup, async (c) => c.json(await setupState(c.get('services'), c.get('shop'))));
  const unknown = {
    method: 'get',
    path: '/v1/admin/unknown-codes',
    tag: 'Admin',
    auth: 'secret',
    summary: 'Referral codes seen on visits that name no distributor (typos), most recent first',
    response: unknownCodesSchema,
    middleware: [secretAuth],
  } as const;
  route(app, unknown, async (c) => c.json({ data: await unknownCodes(c.get('services'), c.get('shop').id) }));
  return app;
}
