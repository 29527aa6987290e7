import type { OpenAPIHono } from '@hono/zod-openapi';
import { openApiRoutes } from '../openapi/declare';
import type { AppEnv } from '../context';
import { bonusRoutes } from './bonus-routes';
import { clickStatsRoutes } from './click-stats-routes';
import { conversionRoutes } from './conversion-routes';
import { integrationRoutes } from './integration-routes';
import { rewardRoutes } from './reward-routes';
import { settingsRoutes } from './settings-routes';
import { stripeRoutes } from './stripe-routes';
import { webhookRoutes } from './webhook-routes';
import { widgetRoutes } from './widget-routes';

/** The program features beyond single orders, mounted by the app as one module. */
export function featureRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.route('/', bonusRoutes());
  app.route('/', clickStatsRoutes());
  app.route('/', conversionRoutes());
  app.route('/', rewardRoutes());
  app.route('/', settingsRoutes());
  app.route('/', stripeRoutes());
  app.route('/', integrationRoutes());
  app.route('/', webhookRoutes());
  app.route('/', widgetRoutes());
  return app;
}
