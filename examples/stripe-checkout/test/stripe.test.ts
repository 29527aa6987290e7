import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@twotier/sdk/server';
import { signStripePayload, verifyStripeSignature } from '../src/stripe-signature.mjs';
import { FIXTURE_NAMES, loadFixture } from '../src/fixtures.mjs';
import { postStripeEvent } from '../src/post-webhook.mjs';
import { configureStripeSecret } from '../src/configure.mjs';
import { checkoutSessionParams } from '../src/checkout-session.mjs';
import { startStripeShop } from '../src/app.mjs';

const SECRET = 'whsec_test_secret';
const PAYLOAD = '{"id":"evt_1","type":"charge.refunded"}';

describe('Stripe-Signature', () => {
  it('matches an HMAC-SHA256 computed independently (Python hmac) for a fixed time', () => {
    expect(signStripePayload(PAYLOAD, SECRET, 1_700_000_000)).toBe(
      't=1700000000,v1=02307e179dec7c16e9af12b9e961a270c4edcffa3996212c55c8a2952d49612f',
    );
  });

  it('verifies with the SDK’s checker of the same t=,v1= scheme and with its own', async () => {
    const now = 1_800_000_000;
    const header = signStripePayload(PAYLOAD, SECRET, now);
    expect(await verifyWebhookSignature(PAYLOAD, header, SECRET, 300, now)).toBe(true);
    expect(verifyStripeSignature(PAYLOAD, header, SECRET, { now })).toBe(true);
  });

  it('fails for another secret, a changed body, or a timestamp outside 300 s', () => {
    const now = 1_800_000_000;
    const header = signStripePayload(PAYLOAD, SECRET, now);
    expect(verifyStripeSignature(PAYLOAD, header, 'whsec_other', { now })).toBe(false);
    expect(verifyStripeSignature(PAYLOAD.replace('1', '2'), header, SECRET, { now })).toBe(false);
    expect(verifyStripeSignature(PAYLOAD, header, SECRET, { now: now + 301 })).toBe(false);
    expect(verifyStripeSignature(PAYLOAD, header, SECRET, { now: now + 300 })).toBe(true);
    expect(verifyStripeSignature(PAYLOAD, `t=${now},v1=00,${header.split(',')[1]}`, SECRET, { now })).toBe(true); // any v1 may match
    expect(verifyStripeSignature(PAYLOAD, 'garbage', SECRET, { now })).toBe(false);
    expect(() => signStripePayload(PAYLOAD, '')).toThrow(TypeError);
  });
});

describe('fixture events', () => {
  it('are Stripe events of the two types twotier takes, for one payment in integer minor units', () => {
    const [completed, refunded] = FIXTURE_NAMES.map((n) => loadFixture(n));
    expect(completed).toMatchObject({ object: 'event', type: 'checkout.session.completed' });
    expect(refunded).toMatchObject({ object: 'event', type: 'charge.refunded' });
    const session = completed!.data.object;
    const charge = refunded!.data.object;
    expect(session).toMatchObject({ object: 'checkout.session', mode: 'payment', payment_status: 'paid', currency: 'cny', client_reference_id: 'v_fixtureVisitor001' });
    expect(charge.payment_intent).toBe(session.payment_intent);
    expect(charge.amount).toBe(session.amount_total);
    expect(charge.amount_refunded).toBe(charge.refunds.data.reduce((s: number, r: { amount: number }) => s + r.amount, 0));
    expect(charge.amount_refunded).toBeLessThan(charge.amount); // a partial refund
    const items = JSON.parse(session.metadata.twotier_items) as { quantity: number; unitPrice: number }[];
    expect(items.reduce((s, i) => s + i.quantity * i.unitPrice, 0)).toBe(session.amount_total);
    for (const n of [session.amount_total, session.amount_subtotal, charge.amount, charge.amount_refunded]) expect(Number.isSafeInteger(n)).toBe(true);
  });

  it('are made fresh per run: suffixed ids kept consistent, visitor, code and time replaced', () => {
    const now = 1_800_000_000;
    const completed = loadFixture('checkout.session.completed', { suffix: 'ab12', visitorId: 'v_realVisitor999', referralCode: 'bob', now });
    const refunded = loadFixture('charge.refunded', { suffix: 'ab12', now });
    expect(completed.id).toBe('evt_1QfixtureCheckoutCompletedab12');
    expect(completed.data.object.id).toBe('cs_test_a1fixtureSession0001ab12');
    expect(completed.data.object).toMatchObject({ client_reference_id: 'v_realVisitor999', metadata: { twotier_ref: 'bob' } });
    expect(refunded.data.object.payment_intent).toBe(completed.data.object.payment_intent);
    expect(completed.created).toBe(now);
    expect(completed.data.object.created).toBe(now);
    expect(loadFixture('checkout.session.completed', { referralCode: null }).data.object.metadata).not.toHaveProperty('twotier_ref');
    expect(() => loadFixture('invoice.paid')).toThrow(RangeError);
  });
});

describe('posting to twotier', () => {
  it('sends the exact bytes it signed to /v1/integrations/stripe/{shopId}/webhook', async () => {
    let seen: { url?: string; header?: string; body: string } = { body: '' };
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const c of req) body += c;
      seen = { url: req.url, header: req.headers['stripe-signature'] as string, body };
      const ok = verifyStripeSignature(body, seen.header, SECRET);
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ received: ok }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const event = loadFixture('checkout.session.completed', { suffix: 'x1' });
    const result = await postStripeEvent({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, shopId: 'shp_123', signingSecret: SECRET, event });
    server.close();
    expect(result).toEqual({ status: 200, body: { received: true } });
    expect(seen.url).toBe('/v1/integrations/stripe/shp_123/webhook');
    expect(JSON.parse(seen.body)).toEqual(event);
  });
});

describe('configuring twotier', () => {
  it('puts the signing secret with the shop’s secret key', async () => {
    const seen: { method?: string; url?: string; auth?: string; body?: string }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen.push({ method: init.method, url, auth: (init.headers as Record<string, string>).authorization, body: String(init.body) });
      return new Response('{"stripeConfigured":true}', { status: 200 });
    }) as typeof fetch;
    const r = await configureStripeSecret({ server: 'http://t.test/', secretKey: 'sk_shop_1', signingSecret: SECRET, fetch: fakeFetch });
    expect(r).toEqual({ status: 200, body: { stripeConfigured: true } });
    expect(seen).toEqual([{ method: 'PUT', url: 'http://t.test/v1/integrations/stripe', auth: 'Bearer sk_shop_1', body: JSON.stringify({ signingSecret: SECRET }) }]);
  });
});

describe('Checkout Session', () => {
  it('carries the visitor id as client_reference_id and the code in metadata', () => {
    const p = checkoutSessionParams({
      lines: [{ sku: 'TEA-SAMPLER', name: 'Sampler', category: 'gift', unitAmount: 26_800, quantity: 2 }],
      currency: 'CNY', visitorId: 'v_0123456789', referralCode: 'carol_01', successUrl: 'https://s.test/ok', cancelUrl: 'https://s.test/',
    });
    expect(Object.fromEntries(p)).toEqual({
      mode: 'payment', success_url: 'https://s.test/ok', cancel_url: 'https://s.test/',
      'line_items[0][quantity]': '2', 'line_items[0][price_data][currency]': 'cny', 'line_items[0][price_data][unit_amount]': '26800',
      'line_items[0][price_data][product_data][name]': 'Sampler', 'line_items[0][price_data][product_data][metadata][sku]': 'TEA-SAMPLER',
      client_reference_id: 'v_0123456789', 'metadata[twotier_ref]': 'carol_01',
      'metadata[twotier_items]': '[{"sku":"TEA-SAMPLER","category":"gift","quantity":2,"unitPrice":26800}]',
    });
    const many = Array.from({ length: 20 }, (_, i) => ({ sku: `SKU-${i}`, name: 'x', unitAmount: 100, quantity: 1 }));
    expect(checkoutSessionParams({ lines: many, currency: 'CNY', successUrl: 'x', cancelUrl: 'y' }).has('metadata[twotier_items]')).toBe(false);
    const bare = checkoutSessionParams({ lines: [{ sku: 'A', name: 'A', unitAmount: 1, quantity: 1 }], currency: 'CNY', visitorId: 'bad id', successUrl: 'x', cancelUrl: 'y' });
    expect(bare.has('client_reference_id')).toBe(false);
    expect(() => checkoutSessionParams({ lines: [{ sku: 'A', name: 'A', unitAmount: 1.5, quantity: 1 }], currency: 'CNY', successUrl: 'x', cancelUrl: 'y' })).toThrow(RangeError);
  });

  it('is created from the tag’s cookies when a shopper pays', async () => {
    const calls: { url: string; auth: string; body: string }[] = [];
    const fakeStripe = (async (url: string, init: RequestInit) => {
      calls.push({ url, auth: (init.headers as Record<string, string>).authorization ?? '', body: String(init.body) });
      return new Response(JSON.stringify({ id: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }), { status: 200 });
    }) as typeof fetch;
    const shop = await startStripeShop({ port: 0, stripeSecretKey: 'sk_test_stripe', fetch: fakeStripe });
    const res = await fetch(`${shop.url}/buy`, { method: 'POST', redirect: 'manual', headers: { cookie: 'tt_vid=v_tagVisitor0001; tt_ref=carol_01' } });
    await shop.close();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://checkout.stripe.com/c/pay/cs_test_1');
    expect(calls[0]?.url).toBe('https://api.stripe.com/v1/checkout/sessions');
    expect(calls[0]?.auth).toBe('Bearer sk_test_stripe');
    const sent = new URLSearchParams(calls[0]?.body ?? '');
    expect(sent.get('client_reference_id')).toBe('v_tagVisitor0001');
    expect(sent.get('metadata[twotier_ref]')).toBe('carol_01');
  });
});
