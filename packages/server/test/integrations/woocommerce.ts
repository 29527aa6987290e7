import { createHmac, randomInt } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { secret } from '../harness';
import type { SuiteContext } from '../suite/context';
import { count, levels, shopIn, useSocket } from './context';
import { wooOrder, type WooOrderSpec } from './payloads';

/** WooCommerce generates secrets like this one (wp_generate_password with special characters). */
const SECRET = 'k!3x&Zq<9"pL#r@T)w';

/** WC_Webhook::generate_signature: base64_encode(hash_hmac('sha256', $payload, $secret, true)). */
const sign = (body: string, key = SECRET) => createHmac('sha256', key).update(body, 'utf8').digest('base64');

const newId = () => randomInt(100_000, 9_000_000);

export function wooCommerceTests(ctx: SuiteContext) {
  describe('WooCommerce webhooks, over a real socket', () => {
    const socket = useSocket(ctx);

    /** Delivers as WC_Webhook::deliver does: JSON body, X-WC-Webhook-* headers. */
    const deliver = async (shopId: string, topic: string, payload: unknown, deliveryId = `d${newId()}`, signature?: string | null) => {
      const body = JSON.stringify(payload);
      const res = await fetch(`${socket.base}/v1/integrations/woocommerce/${shopId}/webhook`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'WooCommerce/9.8.0 Hookshot (WordPress/6.8)',
          'x-wc-webhook-source': 'https://shop.example/',
          'x-wc-webhook-topic': topic,
          'x-wc-webhook-resource': topic.split('.')[0]!,
          'x-wc-webhook-event': topic.split('.')[1] ?? '',
          'x-wc-webhook-id': '12',
          'x-wc-webhook-delivery-id': deliveryId,
          ...(signature === null ? {} : { 'x-wc-webhook-signature': signature ?? sign(body) }),
        },
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    const kwdOrder = (id: number, status: string, extra: Partial<WooOrderSpec> = {}) =>
      wooOrder({
        id,
        status,
        currency: 'KWD',
        lines: [
          { id: 1, sku: 'DATES-1KG', quantity: 2, subtotal: '25.000', total: '22.500' },
          { id: 2, sku: 'COFFEE', quantity: 1, subtotal: '7.250', total: '6.525' },
        ],
        shippingTotal: '1.500',
        totalTax: '0.000',
        total: '30.525',
        ...extra,
      });

    test("the creation ping answers 200 unsigned; an order counts the first time it is processing; refunds by amount; a cancellation reverses the rest (KWD, three decimals)", async () => {
      const { shop, l1, l2 } = await shopIn(ctx, 'KWD');
      const ping = await fetch(`${socket.base}/v1/integrations/woocommerce/${shop.id}/webhook`, { method: 'POST', body: 'webhook_id=12', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(ping.status).toBe(200);
      expect(await count(ctx, 'integration_events', shop.id)).toBe(0);

      const put = await secret(ctx.app, shop, 'PUT', '/v1/integrations/woocommerce', { webhookSecret: SECRET });
      expect(put.body).toMatchObject({ platform: 'woocommerce', configured: true, countStatuses: ['processing', 'completed'], webhookUrl: expect.stringContaining(`/v1/integrations/woocommerce/${shop.id}/webhook`) });

      const id = newId();
      const orderId = String(id);
      const meta = { meta: [{ key: '_twotier_ref', value: l1.code }, { key: '_twotier_visitor', value: 'v0000000002abcdef' }], customerId: 7, state: 'AH' };
      const pending = await deliver(shop.id, 'order.created', kwdOrder(id, 'pending', meta));
      expect(pending.body).toMatchObject({ received: true, duplicate: false, outcome: 'ignored' });
      expect(await count(ctx, 'orders', shop.id)).toBe(0);

      const processing = await deliver(shop.id, 'order.updated', kwdOrder(id, 'processing', meta));
      expect(processing.body).toMatchObject({ duplicate: false, outcome: 'order' });
      // base: 22.500 + 6.525 = 29.025 KWD = 29 025 fils; total paid 29.025 + 1.500 = 30.525
      // level 1: 10 % = 2 902.5 → 2 902 (half to even); level 2: 5 % = 1 451.25 → 1 451
      let got = await levels(ctx, shop, orderId);
      expect(got.order).toMatchObject({ base: 29_025, totalPaid: 30_525, shipping: 1500, currency: 'KWD', region: 'KW-AH', customer: { id: '7', email: 'layla@example.com' } });
      expect(got.order.attribution).toMatchObject({ distributorId: l1.id, source: 'explicit' });
      expect([got.l1, got.l2]).toEqual([[2902, 0], [1451, 0]]);
      expect((await secret(ctx.app, shop, 'GET', `/v1/commissions?distributorId=${l2.id}`)).body.data).toHaveLength(1);

      // the same order reaching the same state again (a note added, the order completed): nothing changes
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'processing', meta))).body).toMatchObject({ duplicate: true, outcome: 'duplicate' });
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'completed', meta))).body).toMatchObject({ duplicate: true });
      const again = `d${newId()}`;
      await deliver(shop.id, 'order.updated', kwdOrder(id, 'completed', meta), again);
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'completed', meta), again)).body).toMatchObject({ duplicate: true });
      expect(await count(ctx, 'orders', shop.id)).toBe(1);

      // a refund of 7.250 of 30.525 paid, by amount:
      // level 1: round(2 902 × 7 250 / 30 525) = round(689.25) = 689; level 2: round(1 451 × 7 250 / 30 525) = round(344.63) = 345
      const refunded = { ...meta, refunds: [{ id: 501, total: '-7.250' }] };
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'completed', refunded))).body).toMatchObject({ outcome: 'refund' });
      got = await levels(ctx, shop, orderId);
      expect([got.l1[1], got.l2[1]]).toEqual([689, 345]);
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'completed', refunded))).body).toMatchObject({ duplicate: true });

      // cancelled: the rest, 2 902 − 689 = 2 213 and 1 451 − 345 = 1 106 more
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'cancelled', refunded))).body).toMatchObject({ outcome: 'reversal' });
      got = await levels(ctx, shop, orderId);
      expect([got.l1, got.l2]).toEqual([[2902, 2902], [1451, 1451]]);
      expect((await deliver(shop.id, 'order.updated', kwdOrder(id, 'refunded', refunded))).body).toMatchObject({ duplicate: true });
    });

    test("attribution from a twotier coupon, and from WooCommerce's own order attribution (no PHP)", async () => {
      const { shop, l1 } = await shopIn(ctx, 'KWD');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/woocommerce', { webhookSecret: SECRET, countStatuses: ['processing', 'on-hold'] });
      const coupon = `EID${newId()}`;
      await secret(ctx.app, shop, 'POST', '/v1/coupons', { code: coupon, distributorId: l1.id });
      const a = newId();
      await deliver(shop.id, 'order.created', kwdOrder(a, 'on-hold', { coupons: ['welcome10', coupon.toLowerCase()] }));
      expect((await levels(ctx, shop, String(a))).order.attribution).toMatchObject({ distributorId: l1.id, source: 'coupon' });

      const b = newId();
      const attribution = [
        { key: '_wc_order_attribution_source_type', value: 'referral' },
        { key: '_wc_order_attribution_referrer', value: 'https://weixin.qq.com/' },
        { key: '_wc_order_attribution_session_entry', value: `https://shop.example/product/dates/?ref=${l1.code}&utm_source=wechat` },
        { key: '_wc_order_attribution_session_pages', value: '4' },
      ];
      await deliver(shop.id, 'order.created', kwdOrder(b, 'processing', { meta: attribution }));
      expect((await levels(ctx, shop, String(b))).order.attribution).toMatchObject({ distributorId: l1.id, source: 'explicit' });
    });

    test('tax-inclusive prices: the net base from the line and its tax, as WooCommerce stores them', async () => {
      const { shop, l1 } = await shopIn(ctx, 'CNY');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/woocommerce', { webhookSecret: SECRET });
      const id = newId();
      // one tin at 100.00 including 13 % VAT, a 10 % coupon: WooCommerce keeps the net figures unrounded
      // subtotal 88.495575 + tax 11.50 = 99.995575 → 100.00 gross; total 79.646018 + tax 10.35 = 89.996018 → 90.00
      // base = 90.00 − 10.35 = 79.65; level 1: 7.965 → 7.96 (half to even); level 2: 3.9825 → 3.98
      const order = wooOrder({
        id,
        status: 'processing',
        currency: 'CNY',
        pricesIncludeTax: true,
        lines: [{ id: 1, sku: 'LJ-TIN', quantity: 1, subtotal: '88.495575', subtotalTax: '11.50', total: '79.646018', totalTax: '10.35' }],
        totalTax: '10.35',
        total: '90.00',
        meta: [{ key: 'twotier_ref', value: l1.code }],
        country: 'CN',
        state: 'CN12',
      });
      expect((await deliver(shop.id, 'order.created', order)).body.outcome).toBe('order');
      const got = await levels(ctx, shop, String(id));
      expect([got.order.base, got.order.totalPaid, got.l1[0], got.l2[0], got.order.region]).toEqual([7965, 9000, 796, 398, 'CN-ZJ']);

      // the same unrounded figures on a shop whose prices exclude tax are not exact amounts: refused with the reason
      const bad = await deliver(shop.id, 'order.created', { ...order, id: id + 1, prices_include_tax: false });
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toMatch(/line_items\[0\]\.subtotal is not an exact CNY amount/);
    });

    test('a KWD amount with a fourth decimal is refused with the reason and kept as a failed event', async () => {
      const { shop } = await shopIn(ctx, 'KWD');
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/woocommerce', { webhookSecret: SECRET });
      const refused = await deliver(shop.id, 'order.created', kwdOrder(newId(), 'processing', { shippingTotal: '1.2505' }), 'd-bad');
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'invalid_amount', details: { field: 'shipping_total', value: '1.2505', currency: 'KWD' } });
      const events = (await secret(ctx.app, shop, 'GET', '/v1/integrations/woocommerce/events')).body.data;
      expect(events).toEqual([expect.objectContaining({ eventId: 'd-bad', topic: 'order.created', outcome: 'error', error: expect.stringContaining('more decimal places than KWD has (3)') })]);
      expect(await count(ctx, 'orders', shop.id)).toBe(0);
    });

    test('a bad or missing signature is 401 and writes nothing; an unknown topic is 200 and ignored', async () => {
      const { shop } = await shopIn(ctx, 'KWD');
      const order = kwdOrder(newId(), 'processing');
      expect((await deliver(shop.id, 'order.created', order)).status).toBe(401); // no secret set yet
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/woocommerce', { webhookSecret: SECRET });
      expect((await deliver(shop.id, 'order.created', order, 'd1', null)).status).toBe(401);
      expect((await deliver(shop.id, 'order.created', order, 'd2', sign(JSON.stringify(order), 'another secret'))).status).toBe(401);
      expect((await deliver(shop.id, 'order.created', order, 'd3', '')).status).toBe(401);
      // a ping-shaped body with a wrong signature is no ping
      const forged = await fetch(`${socket.base}/v1/integrations/woocommerce/${shop.id}/webhook`, { method: 'POST', body: 'webhook_id=12', headers: { 'x-wc-webhook-signature': sign('webhook_id=13') } });
      expect(forged.status).toBe(401);
      expect([await count(ctx, 'orders', shop.id), await count(ctx, 'integration_events', shop.id)]).toEqual([0, 0]);
      const unknown = await deliver(shop.id, 'product.updated', { id: 5, name: 'Dates' });
      expect([unknown.status, unknown.body.outcome]).toEqual([200, 'ignored']);
      const action = await deliver(shop.id, 'action.woocommerce_add_to_cart', { action: 'woocommerce_add_to_cart', arg: 'x' });
      expect([action.status, action.body.outcome]).toEqual([200, 'ignored']);
    });
  });
}
