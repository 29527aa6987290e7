import SwaggerParser from '@apidevtools/swagger-parser';
import { orderCreateSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { declaredRoutes } from '../src/openapi/build-document';
import { Clock, createTestShop, makeApp, secret, sqliteFactory } from './harness';

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
        // the dashboard's own page and assets are not API
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
    for (const route of declaredRoutes(app)) expect(route.summary?.length).toBeGreaterThan(3);
  });

  test('is a valid OpenAPI 3.1 document', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as any;
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    // a broken one is refused (the check can fail)
    const broken = structuredClone(doc);
    broken.paths['/v1/orders'].post.responses = 'none';
    await expect(SwaggerParser.validate(broken)).rejects.toThrow();
  });

  test('every operation documents its answer with a schema, and every write its body', async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as any;
    // writes that take no body: the action is the path
    const bodiless = new Set([
      'post /v1/settlements',
      'post /v1/bonuses/run',
      'post /v1/withdrawals/{id}/approve',
      'post /v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend',
      'post /v1/shop/secret-key',
      'post /v1/email/unsubscribe',
    ]);
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, o] of Object.entries(ops)) {
        const name = `${method} ${path}`;
        const success = Object.entries(o.responses as Record<string, any>).filter(([code]) => code.startsWith('2'));
        if (success.length !== 1) problems.push(`${name}: ${success.length} success answers`);
        for (const [code, r] of success) {
          if (code === '204') continue;
          const content = Object.entries((r.content ?? {}) as Record<string, { schema?: any }>);
          if (!content.length) problems.push(`${name}: no content of its ${code}`);
          for (const [type, { schema }] of content) {
            if (type !== 'application/json') continue;
            // an object with named properties (or a union of them): never "any JSON"
            const described = schema && (Object.keys(schema.properties ?? {}).length > 0 || schema.anyOf || schema.oneOf);
            if (!described) problems.push(`${name}: its ${code} answer is not described`);
          }
        }
        if (['post', 'put', 'patch'].includes(method) && !bodiless.has(name)) {
          const body = o.requestBody?.content?.['application/json']?.schema;
          if (!body || !(Object.keys(body.properties ?? {}).length || body.anyOf || body.oneOf)) problems.push(`${name}: no request body schema`);
        }
        for (const code of ['400', '404', '422', '503']) if (!o.responses[code]) problems.push(`${name}: no ${code}`);
      }
    }
    expect(problems).toEqual([]);
    expect(bodiless.size).toBeGreaterThan(0);
    for (const name of bodiless) {
      const [method, path] = name.split(' ') as [string, string];
      expect(doc.paths[path]?.[method], name).toBeDefined();
    }
  });

  test("a declaration's schemas are what the document shows", async () => {
    const doc = (await (await app.request('/v1/openapi.json')).json()) as any;
    const declared = declaredRoutes(app).find((r) => r.method === 'post' && r.path === '/v1/orders')!;
    expect((declared.request?.body?.content['application/json'] as { schema?: unknown } | undefined)?.schema).toBe(orderCreateSchema);
    const { $schema: _, ...expected } = z.toJSONSchema(orderCreateSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    expect(doc.paths['/v1/orders'].post.requestBody.content['application/json'].schema).toEqual(expected);
    expect(doc.paths['/v1/admin/reports/overview'].get.responses['200'].content['application/json'].schema.properties.kpis).toBeDefined();
  });

  test('a body or query the declaration refuses answers the one error shape (422 validation_failed)', async () => {
    const shop = await createTestShop(app);
    const body = await secret(app, shop, 'POST', '/v1/distributors', { code: 'x', name: 42 });
    expect(body.status).toBe(422);
    expect(body.body.error.code).toBe('validation_failed');
    expect(body.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toContain('name');
    const query = await secret(app, shop, 'GET', '/v1/distributors?limit=0');
    expect(query.status).toBe(422);
    expect(query.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('limit') });
    const notJson = await app.request('/v1/distributors', { method: 'POST', headers: { authorization: `Bearer ${shop.sk}` }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error.code).toBe('bad_request');
  });

  test("real answers parse with the schema their route declares (the dashboard's and the API's)", async () => {
    const shop = await createTestShop(app, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
    const parent = await secret(app, shop, 'POST', '/v1/distributors', { code: 'mei-tea', name: 'Mei' });
    const child = await secret(app, shop, 'POST', '/v1/distributors', { code: 'lin-tea', name: 'Lin', parentCode: parent.body.code });
    const order = await secret(app, shop, 'POST', '/v1/orders', { id: 'o-1', currency: 'CNY', items: [{ sku: 'tea', quantity: 1, unitPrice: 12_800 }], referralCode: 'lin-tea' });
    const hook = await secret(app, shop, 'POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/twotier', events: ['commission.created', 'order.created'] });
    expect([parent.status, child.status, order.status, hook.status]).toEqual([201, 201, 201, 201]);
    const id = child.body.id as string;
    const answers: [string, string][] = [
      ['/v1/admin/reports/overview', '/v1/admin/reports/overview'],
      ['/v1/admin/reports/analytics', '/v1/admin/reports/analytics'],
      ['/v1/admin/reports/distributors', '/v1/admin/reports/distributors'],
      [`/v1/admin/reports/distributors/${id}/tree`, '/v1/admin/reports/distributors/{id}/tree'],
      [`/v1/admin/reports/distributors/${id}/ledger`, '/v1/admin/reports/distributors/{id}/ledger'],
      [`/v1/admin/reports/distributors/${id}/coupons`, '/v1/admin/reports/distributors/{id}/coupons'],
      ['/v1/admin/reports/orders', '/v1/admin/reports/orders'],
      ['/v1/admin/reports/withdrawals', '/v1/admin/reports/withdrawals'],
      ['/v1/admin/reports/compliance', '/v1/admin/reports/compliance'],
      ['/v1/admin/setup', '/v1/admin/setup'],
      ['/v1/admin/unknown-codes', '/v1/admin/unknown-codes'],
      ['/v1/shop', '/v1/shop'],
      ['/v1/program', '/v1/program'],
      ['/v1/distributors', '/v1/distributors'],
      [`/v1/distributors/${id}`, '/v1/distributors/{id}'],
      [`/v1/distributors/${id}/balance`, '/v1/distributors/{id}/balance'],
      ['/v1/orders/o-1', '/v1/orders/{id}'],
      ['/v1/commissions', '/v1/commissions'],
      ['/v1/withdrawals', '/v1/withdrawals'],
      ['/v1/coupons', '/v1/coupons'],
      ['/v1/stats', '/v1/stats'],
      ['/v1/stats/clicks?groupBy=distributor', '/v1/stats/clicks'],
      ['/v1/conversions', '/v1/conversions'],
      ['/v1/bonuses', '/v1/bonuses'],
      ['/v1/settings', '/v1/settings'],
      ['/v1/referee-rewards/pool', '/v1/referee-rewards/pool'],
      ['/v1/webhook-endpoints', '/v1/webhook-endpoints'],
      [`/v1/webhook-endpoints/${hook.body.id}`, '/v1/webhook-endpoints/{id}'],
      ['/v1/integrations', '/v1/integrations'],
      ['/v1/integrations/shopify/events', '/v1/integrations/{platform}/events'],
    ];
    const routes = declaredRoutes(app);
    /** The JSON answer schema a route declares for a status. */
    const answerSchema = (method: string, path: string, status: string): z.ZodType => {
      const r = routes.find((x) => x.method === method && x.path === path);
      if (!r) throw new Error(`${method} ${path} is not declared`);
      const schema = (r.responses[status] as { content?: Record<string, { schema?: z.ZodType }> }).content?.['application/json']?.schema;
      if (!schema) throw new Error(`${method} ${path} declares no JSON ${status} answer`);
      return schema;
    };
    const declared = (method: string, path: string) => answerSchema(method, path, '200');
    for (const [url, path] of answers) {
      const res = await secret(app, shop, 'GET', url);
      expect(res.status, url).toBe(200);
      const parsed = declared('get', path).safeParse(res.body);
      expect(parsed.success ? [] : parsed.error.issues, url).toEqual([]);
    }
    // the answers to writes too
    for (const [res, method, path] of [
      [parent, 'post', '/v1/distributors'],
      [order, 'post', '/v1/orders'],
      [hook, 'post', '/v1/webhook-endpoints'],
    ] as const) {
      const parsed = answerSchema(method, path, '201').safeParse(res.body);
      expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
    }
    // and a schema that does not fit is noticed
    expect(declared('get', '/v1/admin/reports/overview').safeParse({ currency: 'CNY' }).success).toBe(false);
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
