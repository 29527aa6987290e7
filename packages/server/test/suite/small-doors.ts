import { signIdentityToken } from '@twotier/core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../../src/app';
import { nodeListener } from '../../src/http/click-lane';
import { makeApp, OPERATOR, ORIGIN, uid, type Json, type TestShop } from '../harness';
import { orderBody, type SuiteContext } from './context';

/** Serves `app` on a real socket for the suite; `call` sends one request to it. */
function useSocket(getApp: () => TwotierApp) {
  const s = { base: '', server: undefined as Server | undefined };
  beforeAll(async () => {
    s.server = createServer(nodeListener(getApp()));
    await new Promise<void>((resolve) => s.server!.listen(0, '127.0.0.1', resolve));
    s.base = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => s.server?.close(r));
  });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> => {
    const res = await fetch(s.base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return call;
}

/**
 * Issue 14, item 7: the smaller doors. Conversions answer the same whether
 * or not the order exists; identity-token claims are validated like a
 * distributor and live at most a day; origins are normalised everywhere.
 * Over a real socket, on each database of the API suite.
 */
export function smallDoorTests(ctx: SuiteContext) {
  describe('smaller doors (over a real socket)', () => {
    const call = useSocket(() => ctx.app);
    const newShop = async (allowedOrigins: string[] = [ORIGIN]): Promise<TestShop & { body: any; status: number }> => {
      const res = await call('POST', '/v1/shops', { name: 'Lanxi Tea', currency: 'CNY', allowedOrigins }, { authorization: `Bearer ${OPERATOR}` });
      return { id: res.body.id, pk: res.body.publishableKey, sk: res.body.secretKey, body: res.body, status: res.status };
    };
    const sk = (shop: TestShop) => ({ authorization: `Bearer ${shop.sk}` });

    test('a browser conversion answers the same for an order that exists and one that does not; only the secret key sees verification', async () => {
      const shop = await newShop();
      expect((await call('POST', '/v1/orders', orderBody('o-real'), sk(shop))).status).toBe(201);
      const report = (orderId: string, eventId = uid('event')) =>
        call('POST', '/v1/track/conversion', { key: shop.pk, eventId, visitorId: uid('visitor'), orderId, amount: 10_000, currency: 'CNY' }, { origin: ORIGIN, 'content-type': 'text/plain' });
      const real = await report('o-real');
      const madeUp = await report('o-made-up');
      expect(real.status).toBe(202);
      expect(madeUp.status).toBe(202);
      expect(real.body).toEqual(madeUp.body);
      expect(real.body).toEqual({ accepted: true, duplicate: false, verified: false });
      // and before the order arrives, then again after: the publishable key never learns
      const early = uid('event');
      const before = await report('o-later', early);
      expect((await call('POST', '/v1/orders', orderBody('o-later'), sk(shop))).status).toBe(201);
      const after = await report('o-later', early);
      expect(before.body).toEqual({ accepted: true, duplicate: false, verified: false });
      expect(after.body).toEqual({ accepted: true, duplicate: true, verified: false });

      // the secret key sees which conversions a verified order confirmed
      const listed = await call('GET', '/v1/conversions?orderId=o-real', undefined, sk(shop));
      expect(listed.status).toBe(200);
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0]).toMatchObject({ orderId: 'o-real', amount: 10_000, currency: 'CNY', verified: true });
      const later = (await call('GET', '/v1/conversions?orderId=o-later', undefined, sk(shop))).body.data;
      expect(later.map((c: any) => c.verified)).toEqual([true]);
      const none = (await call('GET', '/v1/conversions?orderId=o-made-up', undefined, sk(shop))).body.data;
      expect(none.map((c: any) => c.verified)).toEqual([false]);
      // the publishable key cannot read it
      expect((await call('GET', `/v1/conversions?orderId=o-real&key=${shop.pk}`, undefined, { origin: ORIGIN })).status).toBeGreaterThanOrEqual(401);
      expect((await call('GET', '/v1/conversions', undefined, { authorization: `Bearer ${shop.pk}` })).status).toBe(403);
    });

    test('identity-token claims pass the distributor schema: control characters and invalid emails are 422, nothing is stored', async () => {
      const shop = await newShop();
      const exp = Math.floor(ctx.clock.ms / 1000) + 600;
      const session = async (claims: { userId: string; name?: string; email?: string; exp: number }) =>
        call('POST', '/v1/sessions', { key: shop.pk, identityToken: await signIdentityToken(shop.sk, claims) }, { origin: ORIGIN, 'content-type': 'text/plain' });
      const bad = [
        { userId: 'u-bell', name: 'Li\u0007Na', exp },
        { userId: 'u-ansi', name: '\u001b[31mred\u001b[0m', exp },
        { userId: 'u-newline', name: 'Li Na\nAdmin', exp },
        { userId: 'u-mail', email: 'not-an-email', exp },
        { userId: 'u-mail2', email: 'a@b.c\u0000', exp },
        { userId: 'u\u0000null', exp },
        { userId: 'u-long', name: 'x'.repeat(201), exp },
        { userId: 'u-empty-name', name: '', exp },
      ];
      for (const claims of bad) {
        const res = await session(claims);
        expect(res.status, JSON.stringify(claims)).toBe(422);
        expect(res.body.error.code).toBe('invalid_identity_claims');
      }
      const stored = await ctx.db.kysely.selectFrom('sessions').select('user_id').where('shop_id', '=', shop.id).execute();
      expect(stored).toHaveLength(0);
      const ok = await session({ userId: 'u-ok', name: '王芳 Wang Fang', email: 'wang.fang@example.com', exp });
      expect(ok.status).toBe(201);
      expect(ok.body.user).toEqual({ userId: 'u-ok', name: '王芳 Wang Fang', email: 'wang.fang@example.com' });
      // joining names the distributor from the claims: what is stored is what the schema allowed
      const joined = await call('POST', '/v1/me/join', { acceptTerms: true }, { origin: ORIGIN, authorization: `Bearer ${ok.body.session}`, 'content-type': 'application/json' });
      expect(joined.status).toBeLessThan(300);
      const names = await ctx.db.kysely.selectFrom('distributors').select(['name', 'email']).where('shop_id', '=', shop.id).execute();
      expect(names).toEqual([{ name: '王芳 Wang Fang', email: 'wang.fang@example.com' }]);
    });

    test('an identity token whose exp is more than 24 h ahead is refused (401)', async () => {
      const shop = await newShop();
      const now = Math.floor(ctx.clock.ms / 1000);
      const session = async (exp: number) =>
        call('POST', '/v1/sessions', { key: shop.pk, identityToken: await signIdentityToken(shop.sk, { userId: uid('user'), exp }) }, { origin: ORIGIN, 'content-type': 'text/plain' });
      for (const exp of [now + 86_400 + 60, now + 365 * 86_400, Number.MAX_SAFE_INTEGER]) {
        const res = await session(exp);
        expect(res.status, String(exp - now)).toBe(401);
        expect(res.body.error.message).toMatch(/exp_too_far/);
      }
      expect((await session(now + 86_400)).status).toBe(201);
      expect((await session(now + 23 * 3600)).status).toBe(201);
    });

    describe('the identity token limit is a setting', () => {
      let strict: TwotierApp | undefined;
      const strictCall = useSocket(() => (strict ??= makeApp(ctx.db, ctx.clock, { identityTokenMaxLifetimeSeconds: 3600 })));
      afterAll(async () => {
        await strict?.close();
      });
      test('identityTokenMaxLifetimeSeconds: 3600 refuses a token that lives two hours', async () => {
        const shop = await newShop();
        const now = Math.floor(ctx.clock.ms / 1000);
        const session = async (exp: number) =>
          strictCall('POST', '/v1/sessions', { key: shop.pk, identityToken: await signIdentityToken(shop.sk, { userId: uid('user'), exp }) }, { origin: ORIGIN, 'content-type': 'text/plain' });
        expect((await session(now + 7200)).status).toBe(401);
        expect((await session(now + 1800)).status).toBe(201);
      });
    });

    test('origins are normalised on POST /v1/shops and PATCH /v1/shop alike, and browsers\' own form is allowed', async () => {
      const created = await newShop(['https://ShopA.example', 'HTTPS://SHOPB.EXAMPLE:443/', 'http://Shop-C.example:80', 'https://shop-d.example:8443', 'https://shopa.example']);
      expect(created.status).toBe(201);
      expect(created.body.allowedOrigins).toEqual(['https://shopa.example', 'https://shopb.example', 'http://shop-c.example', 'https://shop-d.example:8443']);
      // what a browser on that page sends
      const click = (origin: string) =>
        call('POST', '/v1/track/click', { key: created.pk, code: 'c1', visitorId: uid('visitor'), eventId: uid('event'), url: 'https://shopa.example/' }, { origin, 'content-type': 'text/plain' });
      const fromA = await click('https://shopa.example');
      expect(fromA.status).toBe(202);
      expect(fromA.headers.get('access-control-allow-origin')).toBe('https://shopa.example');
      expect((await click('https://shop-d.example:8443')).status).toBe(202);
      expect((await click('https://shop-d.example')).status).toBe(403);

      for (const bad of ['https://shop.example/path', 'https://shop.example/?q=1', 'https://shop.example#x', 'ftp://shop.example', 'https://user@shop.example', 'null', 'https://', 'https://shop example']) {
        const res = await call('POST', '/v1/shops', { name: 'X', currency: 'CNY', allowedOrigins: [bad] }, { authorization: `Bearer ${OPERATOR}` });
        expect(res.status, bad).toBe(422);
      }

      // PATCH /v1/shop takes the same strings and stores the same form
      const patched = await call('PATCH', '/v1/shop', { allowedOrigins: ['https://ShopE.example', 'HTTP://LOCALHOST:3000/'] }, sk(created));
      expect(patched.status).toBe(200);
      expect(patched.body.allowedOrigins).toEqual(['https://shope.example', 'http://localhost:3000']);
      expect((await click('https://shope.example')).status).toBe(202);
      expect((await call('PATCH', '/v1/shop', { allowedOrigins: ['https://shop.example/path'] }, sk(created))).status).toBe(422);
    });

    test('a shop stored with a mixed-case origin before normalisation is matched in its normal form', async () => {
      const shop = await newShop();
      await ctx.db.kysely.updateTable('shops').set({ allowed_origins: JSON.stringify(['https://Legacy.Example:443']) }).where('id', '=', shop.id).execute();
      ctx.app.services.shops.invalidate({ id: shop.id, publishableKey: shop.pk });
      const res = await call('POST', '/v1/track/click', { key: shop.pk, code: 'c1', visitorId: uid('visitor'), eventId: uid('event'), url: 'https://legacy.example/' }, { origin: 'https://legacy.example', 'content-type': 'text/plain' });
      expect(res.status).toBe(202);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://legacy.example');
      const pre = await call('OPTIONS', '/v1/me', undefined, { origin: 'https://legacy.example', 'access-control-request-headers': 'authorization' });
      expect(pre.status).toBe(204);
    });
  });
}
