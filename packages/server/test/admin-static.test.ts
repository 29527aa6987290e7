import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { adminStaticRoutes } from '../src/admin/routes/static-routes';

describe('the /admin page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twotier-admin-dist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says how to build the dashboard when it is not built', async () => {
    const app = new Hono().route('/', adminStaticRoutes(join(dir, 'missing')) as never);
    const res = await app.request('/admin');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('pnpm --filter @twotier/server build:admin');
  });

  it('serves the page for every dashboard path with a strict CSP, and assets only from its folder', async () => {
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>admin</title>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {}');
    const app = new Hono().route('/', adminStaticRoutes(dir) as never);
    for (const path of ['/admin', '/admin/distributors/dst_1']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    const js = await app.request('/admin/assets/app-1.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/admin/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/admin/assets/nope.js')).status).toBe(404);
    writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await app.request('/admin/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers the page and its assets with ETags, and a matching If-None-Match with 304 and the same cache rules', async () => {
    const app = new Hono().route('/', adminStaticRoutes(dir) as never);
    for (const [path, cache] of [['/admin/orders', 'no-cache'], ['/admin/assets/app-1.js', 'public, max-age=31536000, immutable']] as const) {
      const first = await app.request(path);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]+"$/);
      const again = await app.request(path, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect(again.headers.get('cache-control')).toBe(cache);
      expect(again.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
