import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { notFound } from '../http/errors';
import { staticFiles } from '../http/static-files';
import { openApiRoutes, route } from '../openapi/declare';
import { noteTagSeen } from '../setup/tag-sightings';
import { HASHED_CHUNK, WIDGET_FILE, widgetBuilt, widgetDistDir } from '../widget/widget-files';

const BUILD_HINT = 'The twotier widget is not built on this server. Run `node packages/widget/build.mjs` (it writes packages/widget/dist), then reload.\n';

/** The file name a widget URL asks for (`/twotier/panel-AB12CD34.js` → `panel-AB12CD34.js`). */
const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Serves the script tag from the widget build folder (`serveStatic` with an
 * ETag): the loader at `/twotier.js` (short cache, so a new release reaches
 * pages within minutes) and the content-hashed chunks at `/twotier/<file>`
 * (cached for a year). The loader imports chunks relative to its own URL, so
 * chunks are answered beside it at the root too. Cross-origin readable:
 * pages import them from shops' origins. Without a build, a 503 says how to
 * make one.
 */
export function widgetRoutes(dir: string = widgetDistDir()): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  const files = staticFiles({
    root: dir,
    rewrite: (path) => `/${fileName(path)}`,
    headers: (path) => ({
      'Content-Type': path.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
      'Cache-Control': HASHED_CHUNK.test(fileName(path)) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    }),
  });
  const knownName: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!WIDGET_FILE.test(fileName(c.req.path))) throw notFound(`widget file ${fileName(c.req.path)}`);
    await next();
  };
  const missing = (c: Context<AppEnv>) => {
    if (!widgetBuilt(dir)) return c.text(BUILD_HINT, 503, { 'Retry-After': '60', 'Cache-Control': 'no-store' });
    throw notFound(`widget file ${fileName(c.req.path)}`);
  };

  app.use('/twotier.js', async (c, next) => {
    // the setup checklist's "tag seen on your site"
    if (c.req.method === 'GET') noteTagSeen(c.get('services'), c.req.header('referer'), Date.now());
    await next();
  });
  app.use('/twotier/:file', knownName);
  const served = [
    { path: '/twotier.js', honoPath: '/twotier.js', summary: 'The script-tag loader (short cache, ETag)' },
    { path: '/twotier/{file}', honoPath: '/twotier/:file', summary: 'Widget files; content-hashed chunks are cached for a year' },
    { path: '/{chunk}', honoPath: '/:file{[a-z]+-[A-Za-z0-9]{8}\\.js}', summary: 'A hashed chunk beside the loader (name-HASH.js), as the loader imports it' },
  ];
  for (const { path, honoPath, summary } of served) {
    app.use(honoPath, ...files);
    route(app, { method: 'get', path, honoPath, tag: 'Widget', auth: 'none', summary, contentType: 'text/javascript' }, missing);
  }
  return app;
}
