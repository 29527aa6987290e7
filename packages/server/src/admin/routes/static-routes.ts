import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context';
import { staticFiles } from '../../http/static-files';
import { serverPackageRoot } from '../../util/package-root';

/** Where `pnpm --filter @twotier/server build:admin` writes the dashboard. */
export const ADMIN_DIST = join(serverPackageRoot(), 'dist-admin');

/** Content types where hono's table differs from what the dashboard has always been served with. */
const TYPES: Record<string, string> = { '.svg': 'image/svg+xml' };

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>twotier admin</title>
<body style="font:16px system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The admin dashboard is not built</h1>
<p>Build it once, then reload this page:</p>
<pre style="background:#f4f4f5;padding:1rem">pnpm --filter @twotier/server build:admin</pre>
<p>The API itself works without it.</p></body>`;

const FRAME_HEADERS = { 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin', 'X-Content-Type-Options': 'nosniff' };
const PAGE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/**
 * Serves the built dashboard at `/admin` (its single page for every
 * client-side route, assets under `/admin/assets/`, both with ETags), or a
 * page saying how to build it.
 */
export function adminStaticRoutes(dist: string = ADMIN_DIST): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(
    '/admin/assets/*',
    ...staticFiles({
      root: dist,
      rewrite: (path) => path.slice('/admin'.length),
      headers: (path) => ({
        ...FRAME_HEADERS,
        ...(TYPES[extname(path)] ? { 'Content-Type': TYPES[extname(path)]! } : {}),
        'Cache-Control': 'public, max-age=31536000, immutable',
      }),
    }),
  );
  app.get('/admin/assets/*', (c) => c.text('not found', 404));
  const page = staticFiles({
    root: dist,
    file: 'index.html',
    headers: () => ({ ...FRAME_HEADERS, 'Cache-Control': 'no-cache', 'Content-Security-Policy': PAGE_CSP }),
  });
  const notBuilt = (c: Context<AppEnv>) => (existsSync(join(dist, 'index.html')) ? c.text('not found', 404) : c.html(NOT_BUILT, 503, FRAME_HEADERS));
  for (const path of ['/admin', '/admin/*']) {
    app.use(path, ...page);
    app.get(path, notBuilt);
  }
  return app;
}
