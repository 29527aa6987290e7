import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { createTestShop, secret, uid } from '../harness';
import { shopWithChain, type SuiteContext } from '../suite/context';

const stripe = new Stripe('sk_test_for_signing_only');
const WHSEC = 'whsec_test_0123456789abcdefABCDEF';

const post = (ctx: SuiteContext, shopId: string, payload: string, signature?: string) =>
  ctx.app.request(`/v1/integrations/stripe/${shopId}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    body: payload,
  });

const signed = (ctx: SuiteContext, payload: string, secret = WHSEC, offsetSeconds = 0) =>
  stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(ctx.clock.ms / 1000) + offsetSeconds });

const checkout = (ctx: SuiteContext, code: string, visitorId: string, pi: string) =>
  JSON.stringify({
    id: uid('evt'),
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: uid('cs_test'),
        object: 'checkout.session',
        amount_total: 42_400,
        currency: 'cny',
        client_reference_id: visitorId,
        customer_details: { email: 'dana@example.com' },
        metadata: { twotier_ref: code },
        payment_intent: pi,
        payment_status: 'paid',
        created: Math.floor(ctx.clock.ms / 1000) - 60,
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      },
    },
  });

export function stripeTests(ctx: SuiteContext) {
  describe('Stripe webhooks (signed with the stripe package)', () => {
    test('a Stripe order moves its distributor up a grade at once, as an API order does', async () => {
      const program = {
        levels: 2,
        defaultRates: { level1Bps: 1000, level2Bps: 500 },
        grades: [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 600, upgradeAtSales: 30_000 }],
      };
      const { shop, l1 } = await shopWithChain(ctx, program);
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/stripe', { signingSecret: WHSEC });
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}`)).body.grade).toBeNull();
      const payload = checkout(ctx, l1.code, uid('visitor'), uid('pi'));
      const res = (await (await post(ctx, shop.id, payload, signed(ctx, payload))).json()) as any;
      expect(res.result).toMatchObject({ kind: 'order', status: 201 });
      // 42,400 of sales this month reach gold's 30,000: no waiting for the period to close
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}`)).body.grade).toBe('gold');
      const next = await secret(ctx.app, shop, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: l1.code, items: [{ sku: 'tea', quantity: 1, unitPrice: 10_000 }] });
      expect(next.body.commissions.find((c: any) => c.level === 1).amount).toBe(1500);
    });

    test('a completed checkout becomes one verified order; a charge refund reverses; replays change nothing', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      expect((await secret(ctx.app, shop, 'PUT', '/v1/integrations/stripe', { signingSecret: WHSEC })).body.stripeConfigured).toBe(true);
      expect((await secret(ctx.app, shop, 'GET', '/v1/settings')).body).not.toHaveProperty('stripeSigningSecret');
      const pi = uid('pi');
      const payload = checkout(ctx, l1.code, uid('visitor'), pi);
      const first = await post(ctx, shop.id, payload, signed(ctx, payload));
      expect(first.status).toBe(200);
      const body = (await first.json()) as any;
      expect(body).toMatchObject({ received: true, duplicate: false, result: { kind: 'order', status: 201 } });
      const orderId = body.result.orderId as string;
      const order = await secret(ctx.app, shop, 'GET', `/v1/orders/${orderId}`);
      expect(order.body.order.attribution).toMatchObject({ distributorId: l1.id, source: 'explicit' });
      expect(order.body.commissions.find((c: any) => c.level === 1).amount).toBe(4240);

      const again = (await (await post(ctx, shop.id, payload, signed(ctx, payload))).json()) as any;
      expect(again).toMatchObject({ duplicate: true, result: { orderId } });

      const refund = JSON.stringify({
        id: uid('evt'),
        type: 'charge.refunded',
        data: { object: { id: uid('ch'), object: 'charge', payment_intent: pi, amount_refunded: 10_600, refunds: { data: [{ id: 're_1', amount: 10_600, status: 'succeeded' }] } } },
      });
      const refunded = (await (await post(ctx, shop.id, refund, signed(ctx, refund))).json()) as any;
      expect(refunded.result).toEqual({ kind: 'refunds', orderId, refunds: [{ id: 're_1', status: 201 }] });
      const after = await secret(ctx.app, shop, 'GET', `/v1/orders/${orderId}`);
      expect(after.body.commissions.find((c: any) => c.level === 1).reversed).toBe(1060);
      // the same refund in a later event (another event id) is a replay
      const later = refund.replace(/"evt_[^"]+"/, `"${uid('evt')}"`);
      expect(((await (await post(ctx, shop.id, later, signed(ctx, later))).json()) as any).result.refunds).toEqual([{ id: 're_1', status: 200 }]);
    });

    test('bad, old, or missing signatures are 400 and write nothing; a rotated secret pair is accepted', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/stripe', { signingSecret: WHSEC });
      const payload = checkout(ctx, l1.code, uid('visitor'), uid('pi'));
      expect((await post(ctx, shop.id, payload)).status).toBe(400);
      expect((await post(ctx, shop.id, payload, signed(ctx, payload, 'whsec_someone_else_secret'))).status).toBe(400);
      expect((await post(ctx, shop.id, payload, signed(ctx, payload, WHSEC, -301))).status).toBe(400);
      expect((await post(ctx, shop.id, payload + ' ', signed(ctx, payload))).status).toBe(400);
      const orders = await ctx.db.kysely.selectFrom('orders').select('id').where('shop_id', '=', shop.id).execute();
      expect(orders).toHaveLength(0);
      const old = signed(ctx, payload, 'whsec_previous_secret_before_rotation');
      const current = signed(ctx, payload);
      const both = `${old},v1=${current.split('v1=')[1]}`;
      expect((await post(ctx, shop.id, payload, both)).status).toBe(200);
      expect((await post(ctx, shop.id, payload, signed(ctx, payload, WHSEC, 299))).status).toBe(200);
    });

    test('unknown shops and shops without a secret are refused', async () => {
      const shop = await createTestShop(ctx.app);
      const payload = JSON.stringify({ id: 'evt_1', type: 'ping', data: { object: {} } });
      expect((await post(ctx, shop.id, payload, signed(ctx, payload))).status).toBe(400);
      expect((await post(ctx, 'shop_nobody', payload, signed(ctx, payload))).status).toBe(404);
      expect((await secret(ctx.app, shop, 'PUT', '/v1/integrations/stripe', { signingSecret: 'sk_live_x' })).status).toBe(422);
      await secret(ctx.app, shop, 'PUT', '/v1/integrations/stripe', { signingSecret: WHSEC });
      const ignored = await post(ctx, shop.id, payload, signed(ctx, payload));
      expect(((await ignored.json()) as any).result.kind).toBe('ignored');
    });
  });
}
