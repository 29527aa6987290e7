import { describe, expect, test } from 'vitest';
import { ORIGIN, browser, createTestShop, secret, uid } from '../harness';
import type { SuiteContext } from './context';

export function trackingTests(ctx: SuiteContext) {
  describe('tracking', () => {
    test('a click is 202 and stored once; a repeated eventId is a no-op', async () => {
      const shop = await createTestShop(ctx.app);
      const click = { key: shop.pk, code: 'someone', visitorId: uid('visitor'), eventId: uid('event'), url: 'https://shop.example/p/1?ref=someone' };
      const first = await browser(ctx.app, 'POST', '/v1/track/click', click);
      expect(first.status).toBe(202);
      // 'someone' names no distributor: stored all the same, and the tag is told so it can warn
      expect(first.body).toEqual({ accepted: true, duplicate: false, unknownCode: true });
      expect(first.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const [a, b] = await Promise.all([browser(ctx.app, 'POST', '/v1/track/click', click), browser(ctx.app, 'POST', '/v1/track/click', click)]);
      expect([a.body.duplicate, b.body.duplicate]).toEqual([true, true]);
      const rows = await ctx.db.kysely.selectFrom('touches').selectAll().where('shop_id', '=', shop.id).execute();
      expect(rows).toHaveLength(1);
    });

    test('clicks from other origins are 403 without CORS headers; invalid clicks 422; unknown keys 401', async () => {
      const shop = await createTestShop(ctx.app);
      const click = { key: shop.pk, code: 'c1', visitorId: uid('visitor'), eventId: uid('event'), url: 'https://x/' };
      const evil = await browser(ctx.app, 'POST', '/v1/track/click', click, { origin: 'https://evil.example' });
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const invalid = await browser(ctx.app, 'POST', '/v1/track/click', { ...click, code: 'bad code!' });
      expect(invalid.status).toBe(422);
      expect(invalid.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect((await browser(ctx.app, 'POST', '/v1/track/click', { ...click, key: 'pk_unknownunknown' })).status).toBe(401);
      expect((await browser(ctx.app, 'POST', '/v1/track/click', { ...click, key: undefined })).status).toBe(401);
      const rows = await ctx.db.kysely.selectFrom('touches').selectAll().where('shop_id', '=', shop.id).execute();
      expect(rows).toHaveLength(0);
    });

    test('a browser conversion is recorded unverified, once', async () => {
      const shop = await createTestShop(ctx.app);
      const ev = { key: shop.pk, eventId: uid('event'), visitorId: uid('visitor'), orderId: 'o-1', amount: 1999, currency: 'CNY' };
      const res = await browser(ctx.app, 'POST', '/v1/track/conversion', ev);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: true, duplicate: false, verified: false });
      expect((await browser(ctx.app, 'POST', '/v1/track/conversion', ev)).body.duplicate).toBe(true);
      expect((await secret(ctx.app, shop, 'GET', '/v1/conversions?orderId=o-1')).body.data).toMatchObject([{ eventId: ev.eventId, amount: 1999, verified: false, verifiedAt: null }]);
    });

    test('a browser conversion is confirmed by the verified order with the same order id, before or after it', async () => {
      const shop = await createTestShop(ctx.app);
      const report = (orderId: string, eventId = uid('event')) =>
        browser(ctx.app, 'POST', '/v1/track/conversion', { key: shop.pk, eventId, visitorId: uid('visitor'), orderId, amount: 1999, currency: 'CNY' });
      const early = uid('event');
      expect((await report('o-early', early)).body).toEqual({ accepted: true, duplicate: false, verified: false });
      expect((await report('o-other')).body).toEqual({ accepted: true, duplicate: false, verified: false });
      const order = { id: 'o-early', currency: 'CNY', items: [{ sku: 'TEA', quantity: 1, unitPrice: 1999 }] };
      expect((await secret(ctx.app, shop, 'POST', '/v1/orders', order)).status).toBe(201);
      // the stored conversion is confirmed; the page that reports it again is not told (small-doors.ts)
      expect((await report('o-early', early)).body).toEqual({ accepted: true, duplicate: true, verified: false });
      // reported after the order: confirmed at once
      expect((await report('o-early')).body).toEqual({ accepted: true, duplicate: false, verified: false });
      const seen = (await secret(ctx.app, shop, 'GET', '/v1/conversions?orderId=o-early')).body.data;
      expect(seen.map((c: { verified: boolean }) => c.verified)).toEqual([true, true]);
      const rows = await ctx.db.kysely.selectFrom('conversions').select(['order_id', 'verified_at']).where('shop_id', '=', shop.id).orderBy('order_id').execute();
      expect(rows.map((r) => [r.order_id, r.verified_at !== null])).toEqual([['o-early', true], ['o-early', true], ['o-other', false]]);
    });

    test('rate limits per IP answer 429 with Retry-After', async () => {
      const { createApp } = await import('../../src/app');
      const limited = createApp({ db: ctx.db, operatorToken: 'x', now: ctx.clock.now, rateLimits: { perIp: { limit: 3, windowMs: 60_000 } } });
      const shop = await createTestShop(ctx.app);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await browser(limited, 'POST', '/v1/track/click', { key: shop.pk, code: 'c', visitorId: uid('visitor'), eventId: uid('event'), url: 'https://x/' });
        statuses.push(r.status);
        retryAfter ??= r.headers.get('retry-after');
      }
      await limited.close();
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });
}
