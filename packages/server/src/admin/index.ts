import type { OpenAPIHono } from '@hono/zod-openapi';
import { openApiRoutes } from '../openapi/declare';
import type { AppEnv } from '../context';
import { adminAuthRoutes } from './routes/auth-routes';
import { adminReportRoutes } from './routes/report-routes';
import { shopSettingsRoutes } from './routes/shop-settings-routes';
import { adminStaticRoutes } from './routes/static-routes';
import { setupRoutes } from '../setup/setup-routes';

/** Everything the admin dashboard adds: sign-in, reports, shop settings and the page at `/admin`. */
export function adminRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.route('/', adminAuthRoutes());
  app.route('/', adminReportRoutes());
  app.route('/', shopSettingsRoutes());
  app.route('/', setupRoutes());
  app.route('/', adminStaticRoutes());
  return app;
}

export { createAdminUser, authenticateAdmin } from './admin-users';
export { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP, type SignInAllowance } from './sign-in-attempts';
export type { AdminUser } from './admin-users';
export { hashPassword, verifyPassword } from './password';
export { simulateProgram } from './simulate';
export type { Simulation } from './simulate';
export { ADMIN_DIST } from './routes/static-routes';
