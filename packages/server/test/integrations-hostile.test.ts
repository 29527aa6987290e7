import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { Clock, makeApp, secret, sqliteFactory } from './harness';
import { shopIn } from './integrations/context';
import { shopifyOrder, shopifyRefund, wooOrder } from './integrations/payloads';
import { hostileBody } from './proof/adversarial';
import type { SuiteContext } from './suite/context';

/** Signed platform deliveries whose bodies are mutated: never a 5xx, always the one error shape. */
const RUNS = process.env.CI ? 300 : Number(process.env.TWOTIER_FUZZ_CASES ?? 120);
const SHOPIFY = 'shpss_hostile_input_secret';
const WOO = 'woo hostile secret';

const factory = sqliteFactory();
const ctx = {} as SuiteContext;
let shopId = '';
let code = '';

beforeAll(async () => {
  ctx.factory = factory;
  ctx.db = (await factory.open()) as Db;
  ctx.clock = new Clock();
  ctx.app = makeApp(ctx.db, ctx.clock) as TwotierApp;
  const { shop, l1 } = await shopIn(ctx, 'CNY');
  shopId = shop.id;
  code = l1.code;
  await secret(ctx.app, shop, 'PUT', '/v1/integrations/shopify', { webhookSecret: SHOPIFY });
  await secret(ctx.app, shop, 'PUT', '/v1/integrations/woocommerce', { webhookSecret: WOO });
});

afterAll(async () => {
  await ctx.app?.close();
  await ctx.db?.close();
  await factory.cleanup();
});

const sign = (body: string | Uint8Array, key: string) => createHmac('sha256', key).update(body).digest('base64');

describe('hostile platform deliveries, signed with the right secret', () => {
  const targets = () => [
    {
      name: 'shopify orders/paid',
      platform: 'shopify',
      topic: 'orders/paid',
      template: shopifyOrder({ id: 42, currency: 'CNY', taxesIncluded: true, lines: [{ id: 1, sku: 'LJ', quantity: 2, price: '113.00', discount: '22.60', tax: '23.40' }], shipping: { price: '10.00', tax: '1.15' }, totalTax: '24.55', noteAttributes: [{ name: 'twotier_ref', value: code }], discountCodes: [{ code: 'X', amount: '1.00' }] }),
    },
    { name: 'shopify refunds/create', platform: 'shopify', topic: 'refunds/create', template: shopifyRefund({ id: 7, orderId: 42, currency: 'CNY', lines: [{ lineItemId: 1, sku: 'LJ', quantity: 1, subtotal: '101.70', tax: '11.70' }], amount: '101.70' }) },
    { name: 'shopify orders/cancelled', platform: 'shopify', topic: 'orders/cancelled', template: shopifyOrder({ id: 42, currency: 'CNY', taxesIncluded: false, lines: [{ id: 1, sku: 'LJ', quantity: 1, price: '1.00' }], totalTax: '0.00', cancelled: true }) },
    {
      name: 'woocommerce order.updated',
      platform: 'woocommerce',
      topic: 'order.updated',
      template: wooOrder({ id: 77, status: 'processing', currency: 'CNY', pricesIncludeTax: true, lines: [{ id: 1, sku: 'LJ', quantity: 1, subtotal: '88.495575', subtotalTax: '11.50', total: '79.646018', totalTax: '10.35' }], totalTax: '10.35', total: '90.00', meta: [{ key: '_twotier_ref', value: code }], refunds: [{ id: 9, total: '-5.00' }] }),
    },
  ];

  test(`mutated bodies are 200 or 4xx with the error shape, never 5xx (${RUNS} per topic)`, async () => {
    for (const t of targets()) {
      const headers = (body: string | Uint8Array): Record<string, string> =>
        t.platform === 'shopify'
          ? { 'content-type': 'application/json', 'x-shopify-topic': t.topic, 'x-shopify-hmac-sha256': sign(body, SHOPIFY) }
          : { 'content-type': 'application/json', 'x-wc-webhook-topic': t.topic, 'x-wc-webhook-signature': sign(body, WOO) };
      const result = await fc.check(
        fc.asyncProperty(hostileBody(t.template as Record<string, unknown>), async (body) => {
          const res = await ctx.app.request(`/v1/integrations/${t.platform}/${shopId}/webhook`, { method: 'POST', headers: headers(body), body: body as BodyInit });
          const text = await res.text();
          if (res.status >= 500 || (res.status >= 300 && res.status < 400)) throw new Error(`${t.name} answered ${res.status}: ${text.slice(0, 300)}`);
          const parsed = JSON.parse(text) as { received?: boolean; error?: { code?: unknown; message?: unknown } };
          if (res.status >= 400 && (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string')) throw new Error(`${t.name}: not the error shape: ${text.slice(0, 200)}`);
          if (res.status === 200 && parsed.received !== true) throw new Error(`${t.name}: 200 without received: ${text.slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
      if (result.failed) throw new Error(`${(result.errorInstance as Error)?.message ?? 'failed'}\nbody: ${String(result.counterexample?.[0] ?? '').slice(0, 300)}`);
    }
    // still answering, and the valid order still counts once
    const valid = JSON.stringify(targets()[0]!.template);
    const first = await ctx.app.request(`/v1/integrations/shopify/${shopId}/webhook`, { method: 'POST', headers: { 'x-shopify-topic': 'orders/paid', 'x-shopify-webhook-id': 'wh-final', 'x-shopify-hmac-sha256': sign(valid, SHOPIFY) }, body: valid });
    expect(first.status).toBe(200);
  }, 240_000);
});
