import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { routeCatalog } from '../src/openapi/build-document';
import { Clock, makeApp, sqliteFactory } from './harness';

const factory = sqliteFactory();
let db: Db;
let app: TwotierApp;
beforeAll(async () => {
  db = await factory.open();
  app = makeApp(db, new Clock());
});
afterAll(async () => {
  await app.close();
  await db.close();
  await factory.cleanup();
});

/** `/v1/orders/:id` → `/v1/orders/{id}`; a regex parameter keeps its name. */
const openApiPath = (path: string) => (path.startsWith('/:file{') ? '/{chunk}' : path.replace(/:(\w+)/g, '{$1}'));

describe('GET /v1/openapi.json', () => {
  test('documents every route the app mounts, and nothing it does not', async () => {
    const res = await app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const mounted = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/admin'))
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    const missing = [...mounted].filter((r) => !documented.has(r));
    expect(missing, 'mounted but not in the OpenAPI document').toEqual([]);
    const stale = [...documented].filter((r) => !mounted.has(r));
    expect(stale, 'documented but not mounted').toEqual([]);
  });

  test('request bodies come from the zod schemas the routes validate with', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as any;
    const order = doc.paths['/v1/orders'].post;
    const schema = order.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'currency', 'items']));
    expect(schema.additionalProperties).toBe(false);
    expect(order.responses['201']).toBeDefined();
    expect(doc.paths['/v1/program'].put.requestBody.content['application/json'].schema.properties.levels).toBeDefined();
    expect(doc.paths['/v1/webhook-endpoints'].post.requestBody.content['application/json'].schema.properties.events.items.enum).toContain('commission.created');
    expect(doc.paths['/v1/track/click'].post.requestBody.content['text/plain']).toBeDefined();
    expect(doc.paths['/v1/stats'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'groupBy']));
    for (const route of routeCatalog) expect(route.summary.length).toBeGreaterThan(3);
  });

  test('/docs renders the reference without scripts', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('/v1/orders/{id}/refunds');
    expect(html).not.toMatch(/<script/i);
  });
});
