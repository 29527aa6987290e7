import { describe, expect, test } from 'vitest';
import { OPERATOR, ORIGIN, createTestShop, secret } from '../harness';
import type { SuiteContext } from './context';

export function authAndErrorTests(ctx: SuiteContext) {
  describe('keys and errors', () => {
    test('operator token is required to create a shop; the secret is shown once and stored hashed', async () => {
      const body = JSON.stringify({ name: 'S', currency: 'USD', allowedOrigins: [ORIGIN] });
      const none = await ctx.app.request('/v1/shops', { method: 'POST', body });
      expect(none.status).toBe(401);
      const wrong = await ctx.app.request('/v1/shops', { method: 'POST', body, headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const ok = await ctx.app.request('/v1/shops', { method: 'POST', body, headers: { authorization: `Bearer ${OPERATOR}` } });
      expect(ok.status).toBe(201);
      const shop = (await ok.json()) as { id: string; publishableKey: string; secretKey: string; currency: string };
      expect(shop.publishableKey).toMatch(/^pk_/);
      expect(shop.secretKey).toMatch(/^sk_/);
      expect(shop.currency).toBe('USD');
      const row = await ctx.db.kysely.selectFrom('shops').selectAll().where('id', '=', shop.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(shop.secretKey);
    });

    test('a publishable key is 403 on secret endpoints, a wrong secret 401', async () => {
      const shop = await createTestShop(ctx.app);
      const pk = await ctx.app.request('/v1/program', { headers: { authorization: `Bearer ${shop.pk}` } });
      expect(pk.status).toBe(403);
      expect(((await pk.json()) as any).error.code).toBe('publishable_key_forbidden');
      const pkQuery = await ctx.app.request(`/v1/orders?key=${shop.pk}`, { method: 'POST', body: '{}' });
      expect(pkQuery.status).toBe(403);
      const forged = await ctx.app.request('/v1/program', { headers: { authorization: `Bearer ${shop.sk.slice(0, -4)}abcd` } });
      expect(forged.status).toBe(401);
      const none = await ctx.app.request('/v1/program');
      expect(none.status).toBe(401);
    });

    test('a secret key sent from a browser origin is refused, without CORS headers', async () => {
      const shop = await createTestShop(ctx.app);
      const res = await ctx.app.request('/v1/program', { headers: { authorization: `Bearer ${shop.sk}`, origin: ORIGIN } });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    test('malformed JSON is 400, invalid bodies 422, unknown routes 404, all in one shape', async () => {
      const shop = await createTestShop(ctx.app);
      const bad = await ctx.app.request('/v1/orders', { method: 'POST', body: '{"id":', headers: { authorization: `Bearer ${shop.sk}` } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'bad_request', message: expect.any(String) } });
      const unknownKey = await secret(ctx.app, shop, 'POST', '/v1/orders', { id: 'x', currency: 'CNY', items: [{ sku: 'a', quantity: 1, unitPrice: 1 }], extra: 1 });
      expect(unknownKey.status).toBe(422);
      expect(unknownKey.body.error.details).toBeInstanceOf(Array);
      const proto = await ctx.app.request('/v1/orders', {
        method: 'POST',
        body: '{"id":"p","currency":"CNY","items":[{"sku":"a","quantity":1,"unitPrice":1}],"__proto__":{"admin":true}}',
        headers: { authorization: `Bearer ${shop.sk}` },
      });
      expect(proto.status).toBe(422);
      for (const amount of [-1, 1.5, 1e300, '5']) {
        const r = await secret(ctx.app, shop, 'POST', '/v1/orders', { id: 'n', currency: 'CNY', items: [{ sku: 'a', quantity: 1, unitPrice: amount }] });
        expect(r.status).toBe(422);
      }
      const missing = await secret(ctx.app, shop, 'GET', '/v1/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    });

    test('program: GET, PUT validated, three levels refused with its reason', async () => {
      const shop = await createTestShop(ctx.app);
      const got = await secret(ctx.app, shop, 'GET', '/v1/program');
      expect(got.body).toMatchObject({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 } });
      const three = await secret(ctx.app, shop, 'PUT', '/v1/program', { ...got.body, levels: 3 });
      expect(three.status).toBe(422);
      expect(three.body.error).toEqual({ code: 'too_many_levels', message: 'levels must be 1 or 2, not 3: twotier never pays a third level (deeper chains can be judged pyramid selling)' });
      // a third level is refused for what it is, whatever else is wrong
      expect((await secret(ctx.app, shop, 'PUT', '/v1/program', { levels: 4, defaultRates: { level1Bps: -1 } })).body.error.code).toBe('too_many_levels');
      const unknownGrade = await secret(ctx.app, shop, 'PUT', '/v1/program', { ...got.body, rules: [{ id: 'vip', when: { grade: ['vip'] }, level1: { percentBps: 2000 } }] });
      expect(unknownGrade.status).toBe(422);
      expect(unknownGrade.body.error).toEqual({ code: 'unknown_grade', message: 'rule "vip" names grade "vip", which the program does not define' });
      const badRate = await secret(ctx.app, shop, 'PUT', '/v1/program', { levels: 2, defaultRates: { level1Bps: 1.5, level2Bps: 0 } });
      expect(badRate.status).toBe(422);
      expect(badRate.body.error.details[0].path).toEqual(['defaultRates', 'level1Bps']);
      const put = await secret(ctx.app, shop, 'PUT', '/v1/program', { levels: 1, defaultRates: { level1Bps: 1500, level2Bps: 0 }, holdDays: 7 });
      expect(put.status).toBe(200);
      expect((await secret(ctx.app, shop, 'GET', '/v1/program')).body).toMatchObject({ levels: 1, holdDays: 7 });
    });

    test('shops are isolated: one shop cannot read another shop\'s distributor', async () => {
      const a = await createTestShop(ctx.app);
      const b = await createTestShop(ctx.app);
      const d = await secret(ctx.app, a, 'POST', '/v1/distributors', { name: 'A' });
      expect((await secret(ctx.app, b, 'GET', `/v1/distributors/${d.body.id}`)).status).toBe(404);
    });
  });
}
