import '@shopify/shopify-api/adapters/web-api';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { createHmac, randomInt } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { browser, secret } from '../harness';
import type { SuiteContext } from '../suite/context';
import { count, levels, shopIn, useSocket } from './context';
import { shopifyOrder, shopifyRefund } from './payloads';

const SECRET = 'shpss_0123456789abcdefghijklmnopqrstuv';
const DOMAIN = 'lanxi-tea.myshopify.com';

/** Shopify's documented algorithm: base64 of the HMAC-SHA256 of the raw body, keyed with the webhook secret. */
const sign = (body: string, key = SECRET) => createHmac('sha256', key).update(body, 'utf8').digest('base64');

/** Shopify's own library, configured with the same secret. */
const shopify = shopifyApi({
  apiKey: 'twotier-test',
  apiSecretKey: SECRET,
  scopes: [],
  hostName: 'twotier.example',
  isEmbeddedApp: false,
  apiVersion: ApiVersion.January25,
  logger: { level: LogSeverity.Error, log: async () => undefined },
});

const headersFor = (topic: string, body: string, webhookId: string, signature: string | null = sign(body)) => ({
  'content-type': 'application/json',
  'x-shopify-topic': topic,
  'x-shopify-api-version': '2025-01',
  'x-shopify-shop-domain': DOMAIN,
  'x-shopify-webhook-id': webhookId,
  'x-shopify-triggered-at': '2026-03-01T00:00:00Z',
  ...(signature === null ? {} : { 'x-shopify-hmac-sha256': signature }),
});

const newId = () => randomInt(1_000_000_000, 9_000_000_000);

export function shopifyTests(ctx: SuiteContext) {
  describe('Shopify webhooks, over a real socket', () => {
    const socket = useSocket(ctx);

    /** Delivers a topic as Shopify does; also checks that Shopify's library accepts the very same request. */
    const deliver = async (shopId: string, topic: string, payload: unknown, webhookId = `wh-${newId()}`, signature?: string | null) => {
      const body = JSON.stringify(payload);
      const headers = headersFor(topic, body, webhookId, signature === undefined ? sign(body) : signature);
      const url = `${socket.base}/v1/integrations/shopify/${shopId}/webhook`;
      if (signature === undefined) {
        const check = await shopify.webhooks.validate({ rawBody: body, rawRequest: new Request(url, { method: 'POST', body, headers }) });
        expect(check, "Shopify's own validation").toMatchObject({ valid: true, webhookId, domain: DOMAIN });
      }
      const res = await fetch(url, { method: 'POST', body, headers });
      return { status: res.status, body: (await res.json()) as any };
    };

    test('a tax-exclusive order with several lines, a twotier coupon, shipping and a buyer paying in USD; a partial refund by line, a refund by amount, a cancellation', async () => {
      const { shop, l1, l2 } = await shopIn(ctx, 'CNY');
      const put = await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SECRET, shopDomain: DOMAIN.toUpperCase() });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ platform: 'shopify', configured: true, shopDomain: DOMAIN, webhookUrl: expect.stringContaining(`/v1/integrations/shopify/${shop.id}/webhook`) });
      expect(JSON.stringify(put.body)).not.toContain(SECRET);
      const coupon = `WANG${newId()}`;
      expect((await secret(ctx.app, shop, 'POST', '/v1/coupons', { code: coupon, distributorId: l1.id })).status).toBe(201);

      const id = newId();
      const order = shopifyOrder({
        id,
        currency: 'CNY',
        presentmentCurrency: 'USD',
        taxesIncluded: false,
        lines: [
          { id: 1, sku: 'LJ-250', quantity: 2, price: '199.00', discount: '39.80', tax: '21.49', presentment: { currency: 'USD', price: '27.40', discount: '5.48', tax: '2.96' } },
          { id: 2, sku: 'TEA-CUP', quantity: 1, price: '88.00', discount: '8.80', tax: '4.75', presentment: { currency: 'USD', price: '12.12', discount: '1.21', tax: '0.65' } },
        ],
        shipping: { price: '20.00' },
        totalTax: '26.24',
        discountCodes: [{ code: coupon.toLowerCase(), amount: '48.60' }],
        customer: { id: 207119551, email: 'Jon@Example.com' },
        address: { country_code: 'CN', province_code: 'ZJ' },
      });
      const paid = await deliver(shop.id, 'orders/paid', order);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ received: true, duplicate: false, outcome: 'order' });
      // base: (2 × 199.00 − 39.80) + (88.00 − 8.80) = 358.20 + 79.20 = 437.40 (shop money, not the USD side)
      // level 1: 10 % = 43.74; level 2: 5 % = 21.87; total paid 437.40 + 20.00 + 26.24 = 483.64
      const orderId = String(id);
      let got = await levels(ctx, shop, orderId);
      expect(got.order).toMatchObject({ base: 43_740, totalPaid: 48_364, shipping: 2000, tax: 2624, region: 'CN-ZJ', currency: 'CNY' });
      expect(got.order.attribution).toMatchObject({ distributorId: l1.id, source: 'coupon', code: l1.code });
      expect(got.order.customer).toEqual({ id: '207119551', email: 'jon@example.com' });
      expect([got.l1, got.l2]).toEqual([[4374, 0], [2187, 0]]);
      const l2Commission = (await secret(ctx.app, shop, 'GET', `/v1/commissions?distributorId=${l2.id}`)).body.data;
      expect(l2Commission.map((c: any) => c.amount)).toEqual([2187]);

      // the same delivery again, and the same order in a later delivery: nothing changes
      const webhookId = `wh-${newId()}`;
      expect((await deliver(shop.id, 'orders/paid', order, webhookId)).body).toMatchObject({ duplicate: true, outcome: 'duplicate' });
      expect((await deliver(shop.id, 'orders/paid', order, webhookId)).body).toMatchObject({ duplicate: true, outcome: 'duplicate' });
      expect(await count(ctx, 'orders', shop.id)).toBe(1);

      // one of the two LJ-250 back: that unit's share of each level
      // level 1: 35 820 × 10 % = 3 582 on the line, half = 1 791
      // level 2: 2 187 × (1 791 ÷ (2 × 2 187)) = 895.5 → 896 (half to even)
      const byLine = shopifyRefund({ id: newId(), orderId: id, currency: 'CNY', lines: [{ lineItemId: 1, sku: 'LJ-250', quantity: 1, subtotal: '179.10', tax: '10.75' }], amount: '189.85' });
      const refunded = await deliver(shop.id, 'refunds/create', byLine);
      expect(refunded.body).toMatchObject({ outcome: 'refund', duplicate: false });
      got = await levels(ctx, shop, orderId);
      expect([got.l1[1], got.l2[1]]).toEqual([1791, 896]);
      expect((await deliver(shop.id, 'refunds/create', byLine)).body).toMatchObject({ duplicate: true });

      // shipping refunded by amount, 20.00 of 483.64 paid:
      // level 1: round(4 374 × (1 791/4 374 + 2 000/48 364)) = round(1 971.88) = 1 972 → 181 more
      // level 2: round(2 187 × (1 791/4 374 + 2 000/48 364)) = round(985.94) = 986 → 90 more
      const byAmount = shopifyRefund({ id: newId(), orderId: id, currency: 'CNY', amount: '20.00' });
      expect((await deliver(shop.id, 'refunds/create', byAmount)).body).toMatchObject({ outcome: 'refund' });
      got = await levels(ctx, shop, orderId);
      expect([got.l1[1], got.l2[1]]).toEqual([1972, 986]);

      // cancelled after payment: the rest is reversed, 4 374 − 1 972 = 2 402 and 2 187 − 986 = 1 201 more
      const cancelled = await deliver(shop.id, 'orders/cancelled', { ...order, cancelled_at: '2026-03-04T09:00:00+08:00', financial_status: 'refunded' });
      expect(cancelled.body).toMatchObject({ outcome: 'reversal', duplicate: false });
      got = await levels(ctx, shop, orderId);
      expect([got.l1, got.l2]).toEqual([[4374, 4374], [2187, 2187]]);
      expect((await deliver(shop.id, 'orders/cancelled', order)).body).toMatchObject({ duplicate: true, outcome: 'duplicate' });

      const events = (await secret(ctx.app, shop, 'GET', '/v1/integrations/shopify/events')).body.data;
      // every accepted delivery kept once per webhook id (the test clock stands still, so they share a time)
      expect(events.map((e: any) => e.outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'order', 'refund', 'refund', 'reversal']);
      expect(events.find((e: any) => e.outcome === 'reversal')).toMatchObject({ platform: 'shopify', topic: 'orders/cancelled', orderId, error: null, attempts: 1, receivedAt: expect.any(String) });
    });

    test('tax-inclusive and tax-exclusive shops earn the same commission on the same sale', async () => {
      const { shop, l1 } = await shopIn(ctx, 'CNY');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SECRET });
      const ref = [{ name: 'twotier_ref', value: l1.code }, { name: 'twotier_visitor', value: 'v0000000001abcdef' }];
      // prices include 13 % VAT: 2 × 113.00, 10 % off (22.60), VAT in 203.40 = 23.40; shipping 11.30 with 1.30 VAT
      // net base = 226.00 − 22.60 − 23.40 = 180.00; shipping 10.00; tax 24.70; total paid 214.70
      const inclusive = newId();
      await deliver(shop.id, 'orders/paid', shopifyOrder({ id: inclusive, currency: 'CNY', taxesIncluded: true, lines: [{ id: 1, sku: 'LJ-250', quantity: 2, price: '113.00', discount: '22.60', tax: '23.40' }], shipping: { price: '11.30', tax: '1.30' }, totalTax: '24.70', noteAttributes: ref }));
      // the same sale where prices exclude VAT: 2 × 100.00, 10 % off (20.00), VAT 23.40 added; shipping 10.00 + 1.30
      const exclusive = newId();
      await deliver(shop.id, 'orders/paid', shopifyOrder({ id: exclusive, currency: 'CNY', taxesIncluded: false, lines: [{ id: 1, sku: 'LJ-250', quantity: 2, price: '100.00', discount: '20.00', tax: '23.40' }], shipping: { price: '11.30', tax: '1.30' }, totalTax: '24.70', noteAttributes: ref }));
      const a = await levels(ctx, shop, String(inclusive));
      const b = await levels(ctx, shop, String(exclusive));
      // level 1: 180.00 × 10 % = 18.00; level 2: 180.00 × 5 % = 9.00
      expect([a.order.base, a.l1[0], a.l2[0]]).toEqual([18_000, 1800, 900]);
      expect([b.order.base, b.l1[0], b.l2[0]]).toEqual([18_000, 1800, 900]);
      expect(a.order.totalPaid).toBe(21_470);
      expect(a.order.attribution).toMatchObject({ distributorId: l1.id, source: 'explicit' });
    });

    test('a JPY order, and an amount that is not exact in the currency refused with the reason', async () => {
      const { shop, l1 } = await shopIn(ctx, 'JPY');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SECRET });
      const id = newId();
      const order = shopifyOrder({ id, currency: 'JPY', taxesIncluded: false, lines: [{ id: 1, sku: 'MATCHA', quantity: 3, price: '1990', discount: '597' }], shipping: { price: '500' }, totalTax: '0', noteAttributes: [{ name: 'twotier_ref', value: l1.code }] });
      expect((await deliver(shop.id, 'orders/paid', order)).body.outcome).toBe('order');
      // base 3 × 1 990 − 597 = 5 373 yen; level 1: 537.3 → 537; level 2: 268.65 → 269
      const got = await levels(ctx, shop, String(id));
      expect([got.order.base, got.l1[0], got.l2[0]]).toEqual([5373, 537, 269]);

      const bad = shopifyOrder({ id: newId(), currency: 'JPY', taxesIncluded: false, lines: [{ id: 1, sku: 'MATCHA', quantity: 1, price: '1990.50' }], totalTax: '0' });
      const refused = await deliver(shop.id, 'orders/paid', bad, 'wh-bad-amount');
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'invalid_amount' });
      expect(refused.body.error.message).toMatch(/line_items\[0\]\.price.*JPY.*decimal places/);
      const events = (await secret(ctx.app, shop, 'GET', '/v1/integrations/shopify/events')).body.data;
      expect(events.find((e: any) => e.eventId === 'wh-bad-amount')).toMatchObject({ outcome: 'error', error: expect.stringContaining('not an exact JPY amount') });
      const status = (await secret(ctx.app, shop, 'GET', '/v1/integrations')).body.data.find((p: any) => p.platform === 'shopify');
      expect(status.lastError).toMatchObject({ eventId: 'wh-bad-amount' });
      // a failed event is tried again when Shopify delivers it again (still refused: the amount is still wrong)
      expect((await deliver(shop.id, 'orders/paid', bad, 'wh-bad-amount')).status).toBe(422);
      expect((await secret(ctx.app, shop, 'GET', '/v1/integrations/shopify/events')).body.data.find((e: any) => e.eventId === 'wh-bad-amount').attempts).toBe(2);
    });

    test('a bad or missing signature, or another shop domain, is 401 and writes nothing; an unknown topic is 200 and ignored', async () => {
      const { shop } = await shopIn(ctx, 'CNY');
      const order = shopifyOrder({ id: newId(), currency: 'CNY', taxesIncluded: false, lines: [{ id: 1, sku: 'LJ-250', quantity: 1, price: '199.00' }], totalTax: '0.00' });
      expect((await deliver(shop.id, 'orders/paid', order, 'wh-1', sign(JSON.stringify(order)))).status).toBe(401); // no secret set yet
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SECRET, shopDomain: DOMAIN });
      const body = JSON.stringify(order);
      expect((await deliver(shop.id, 'orders/paid', order, 'wh-2', null)).status).toBe(401);
      expect((await deliver(shop.id, 'orders/paid', order, 'wh-3', sign(body, 'shpss_someone_else'))).status).toBe(401);
      expect((await deliver(shop.id, 'orders/paid', order, 'wh-4', 'not base64')).status).toBe(401);
      const tampered = await fetch(`${socket.base}/v1/integrations/shopify/${shop.id}/webhook`, { method: 'POST', body: body.replace('199.00', '1.00'), headers: headersFor('orders/paid', body, 'wh-5') });
      expect(tampered.status).toBe(401);
      const otherShop = await fetch(`${socket.base}/v1/integrations/shopify/${shop.id}/webhook`, { method: 'POST', body, headers: { ...headersFor('orders/paid', body, 'wh-6'), 'x-shopify-shop-domain': 'someone-else.myshopify.com' } });
      expect([otherShop.status, ((await otherShop.json()) as any).error.code]).toEqual([401, 'shop_domain_mismatch']);
      expect([await count(ctx, 'orders', shop.id), await count(ctx, 'integration_events', shop.id)]).toEqual([0, 0]);

      const unknown = await deliver(shop.id, 'products/update', { id: 1, title: 'Tea' });
      expect(unknown.status).toBe(200);
      expect(unknown.body).toMatchObject({ received: true, duplicate: false, outcome: 'ignored' });
      expect(await count(ctx, 'orders', shop.id)).toBe(0);
      expect((await fetch(`${socket.base}/v1/integrations/shopify/shop_nobody/webhook`, { method: 'POST', body, headers: headersFor('orders/paid', body, 'wh-7') })).status).toBe(404);
    });

    test("the order status page's browser conversion (Shopify's order id) is confirmed by the webhook's order", async () => {
      const { shop, l1 } = await shopIn(ctx, 'CNY');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SECRET });
      const id = newId();
      const conversion = await browser(ctx.app, 'POST', '/v1/track/conversion', { key: shop.pk, eventId: `e${newId()}abcdef`, visitorId: 'v0000000003abcdef', orderId: String(id), amount: 19_900, currency: 'CNY', code: l1.code });
      expect(conversion.status).toBe(202);
      await deliver(shop.id, 'orders/paid', shopifyOrder({ id, currency: 'CNY', taxesIncluded: false, lines: [{ id: 1, sku: 'LJ-250', quantity: 1, price: '199.00' }], totalTax: '0.00', noteAttributes: [{ name: 'twotier_ref', value: l1.code }] }));
      const listed = (await secret(ctx.app, shop, 'GET', `/v1/conversions?orderId=${id}`)).body.data;
      expect(listed).toEqual([expect.objectContaining({ orderId: String(id), verified: true })]);
    });

    test('a refund or cancellation of an order twotier never counted is ignored', async () => {
      const { shop } = await shopIn(ctx, 'CNY');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SECRET });
      const id = newId();
      expect((await deliver(shop.id, 'refunds/create', shopifyRefund({ id: newId(), orderId: id, currency: 'CNY', amount: '10.00' }))).body.outcome).toBe('ignored');
      expect((await deliver(shop.id, 'orders/cancelled', shopifyOrder({ id, currency: 'CNY', taxesIncluded: false, lines: [{ id: 1, sku: 'A', quantity: 1, price: '1.00' }], totalTax: '0.00', cancelled: true }))).body.outcome).toBe('ignored');
      expect(await count(ctx, 'refunds', shop.id)).toBe(0);
    });
  });
}
