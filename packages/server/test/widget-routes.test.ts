import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, test } from 'vitest';
import type { AppEnv } from '../src/context';
import { handleError } from '../src/http/error-handler';
import { widgetRoutes } from '../src/routes/widget-routes';

const dist = mkdtempSync(join(tmpdir(), 'twotier-widget-'));
writeFileSync(join(dist, 'twotier.js'), '(()=>{/* loader */})();');
writeFileSync(join(dist, 'track-AB12CD34.js'), 'export const track = 1;');
writeFileSync(join(dist, 'track-AB12CD34.js.map'), '{"version":3}');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const appOver = (dir: string) => {
  const app = new Hono<AppEnv>();
  app.route('/', widgetRoutes(dir));
  app.onError(handleError);
  return app;
};

describe('widget files', () => {
  const app = appOver(dist);

  test('the loader has a short cache and an ETag; a matching If-None-Match is 304', async () => {
    const res = await app.request('/twotier.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toContain('loader');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request('/twotier.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // the 304 carries what the 200 would have: cache rules and cross-origin reading
    expect(again.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await app.request('/twotier.js', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    expect((await app.request('/twotier/twotier.js')).headers.get('etag')).toBe(etag);
  });

  test('hashed chunks are immutable for a year, under /twotier/ and beside the loader', async () => {
    for (const path of ['/twotier/track-AB12CD34.js', '/track-AB12CD34.js']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(await res.text()).toBe('export const track = 1;');
    }
    const map = await app.request('/twotier/track-AB12CD34.js.map');
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await map.text()).toBe('{"version":3}');
  });

  test('unknown files are 404 and paths cannot leave the build folder', async () => {
    expect((await app.request('/twotier/panel-ZZZZZZZZ.js')).status).toBe(404);
    expect((await app.request('/twotier/package.json')).status).toBe(404);
    expect((await app.request('/twotier/..')).status).toBe(404);
    expect((await app.request('/twotier/..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/twotier/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd')).status).toBe(404);
  });

  test('without a build, a clear 503 says how to build it', async () => {
    const missing = appOver(join(dist, 'nothing-here'));
    const res = await missing.request('/twotier.js');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('node packages/widget/build.mjs');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await missing.request('/twotier/panel-AB12CD34.js')).status).toBe(503);
  });
});
