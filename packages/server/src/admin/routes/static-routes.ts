import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { serverPackageRoot } from '../../util/package-root';

/** Where `pnpm --filter @twotier/server build:admin` writes the dashboard. */
export const ADMIN_DIST = join(serverPackageRoot(), 'dist-admin');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>twotier admin</title>
<body style="font:16px system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The admin dashboard is not built</h1>
<p>Build it once, then reload this page:</p>
<pre style="background:#f4f4f5;padding:1rem">pnpm --filter @twotier/server build:admin</pre>
<p>The API itself works without it.</p></body>`;

/**
 * Serves the built dashboard at `/admin` (its single page for every
 * client-side route, assets under `/admin/assets/`), or a page saying how
 * to build it.
 */
export function adminStaticRoutes(dist: string = ADMIN_DIST): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const headers = { 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin', 'X-Content-Type-Options': 'nosniff' };
  app.get('/admin/assets/*', (c) => {
    const rel = normalize(c.req.path.slice('/admin/'.length));
    const file = join(dist, rel);
    if (!file.startsWith(dist + sep) || !existsSync(file)) return c.text('not found', 404);
    return c.body(readFileSync(file), 200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
  const page = (c: import('hono').Context<AppEnv>) => {
    const index = join(dist, 'index.html');
    if (!existsSync(index)) return c.html(NOT_BUILT, 503, headers);
    return c.html(readFileSync(index, 'utf8'), 200, {
      ...headers,
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    });
  };
  app.get('/admin', page);
  app.get('/admin/*', page);
  return app;
}
