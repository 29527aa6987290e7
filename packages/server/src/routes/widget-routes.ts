import { Hono, type Context } from 'hono';
import type { AppEnv } from '../context';
import { notFound } from '../http/errors';
import { noteTagSeen } from '../setup/tag-sightings';
import { HASHED_CHUNK, WidgetFiles } from '../widget/widget-files';

const BUILD_HINT = 'The twotier widget is not built on this server. Run `node packages/widget/build.mjs` (it writes packages/widget/dist), then reload.\n';

/**
 * Serves the script tag: the loader at `/twotier.js` (short cache with an
 * ETag, so a new release reaches pages within minutes) and the
 * content-hashed chunks at `/twotier/<file>` (cached for a year). The loader
 * imports chunks relative to its own URL, so chunks are answered beside it
 * at the root too. Cross-origin readable: pages import them from shops' origins.
 */
export function widgetRoutes(files = new WidgetFiles()): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const serve = async (c: Context<AppEnv>, name: string) => {
    const file = await files.get(name);
    if (file === 'missing') return c.text(BUILD_HINT, 503, { 'Retry-After': '60', 'Cache-Control': 'no-store' });
    if (!file) throw notFound(`widget file ${name}`);
    const immutable = HASHED_CHUNK.test(name);
    const headers: Record<string, string> = {
      'Content-Type': name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
      ETag: file.etag,
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim() === file.etag)) return c.body(null, 304, headers);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers);
  };

  app.get('/twotier.js', (c) => {
    // the setup checklist's "tag seen on your site"
    noteTagSeen(c.get('services'), c.req.header('referer'), Date.now());
    return serve(c, 'twotier.js');
  });
  app.get('/twotier/:file', (c) => serve(c, c.req.param('file')));
  app.get('/:file{[a-z]+-[A-Za-z0-9]{8}\\.js}', (c) => serve(c, c.req.param('file')));
  return app;
}
