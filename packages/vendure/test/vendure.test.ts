/**
 * The plugin on a real Vendure 3 (from the npm registry, booted by
 * @vendure/testing on sql.js) against a real twotier server on a socket:
 * a product and a region made through the Admin API, the referral set on the
 * order through the Shop API, checkout with Vendure's dummy payment handler,
 * settle, refund and cancel through the Admin API; events re-emitted; twotier
 * stopped mid-way and brought back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dummyPaymentHandler,
  EventBus,
  LanguageCode,
  mergeConfig,
  OrderService,
  OrderStateTransitionEvent,
  ProvinceService,
  Refund,
  RefundStateTransitionEvent,
  RequestContextService,
  TransactionalConnection,
} from '@vendure/core';
import { createTestEnvironment, registerInitializer, SqljsInitializer, testConfig, type SimpleGraphQLClient } from '@vendure/testing';
import { startServer, type RunningServer } from '@twotier/server';
import { createTwotierClient, type Commission, type TwotierClient } from '@twotier/sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwotierOutboxEntry, TwotierOutboxService, TwotierPlugin } from '../src';

const OPERATOR = 'op-token-for-vendure-tests';
const work = mkdtempSync(join(tmpdir(), 'twotier-vendure-'));
const twotierDb = join(work, 'twotier.db');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const startTwotier = (port: number) =>
  startServer({
    databaseUrl: twotierDb,
    port,
    hostname: '127.0.0.1',
    operatorToken: OPERATOR,
    rateLimiter: false,
    logger: pino({ level: 'silent' }),
    handleSignals: false,
    settleEveryMs: 0,
  });

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let twotierPort: number;
let twotier: RunningServer | null = null;
let shop: TwotierClient;
let distributors: { mei: string; lin: string };
let env: ReturnType<typeof createTestEnvironment>;
let adminApi: string;
let shopApi: string;

/** Vendure with the plugin, pointed at twotier (its shop made first, so the plugin gets a real key). */
function createVendure(vendurePort: number, secretKey: string) {
  registerInitializer('sqljs', new SqljsInitializer(join(work, 'vendure')));
  adminApi = `http://localhost:${vendurePort}/admin-api`;
  shopApi = `http://localhost:${vendurePort}/shop-api`;
  return createTestEnvironment(
    mergeConfig(testConfig, {
      apiOptions: { port: vendurePort },
      paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
      plugins: [
        TwotierPlugin.init({
          baseUrl: `http://127.0.0.1:${twotierPort}`,
          secretKey,
          pollIntervalMs: 100,
          retry: { baseDelayMs: 100, maxDelayMs: 400 },
          timeoutMs: 2_000,
        }),
      ],
    }),
  );
}

/** A GraphQL call through the test client (it keeps the session and channel tokens). */
async function gql<T = any>(client: SimpleGraphQLClient, url: string, query: string, variables?: object): Promise<T> {
  const res = await client.fetch(url, { method: 'POST', body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: T; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`GraphQL: ${JSON.stringify(json.errors)}`);
  return json.data;
}
const admin = <T = any>(query: string, variables?: object) => gql<T>(env.adminClient, adminApi, query, variables);
const store = <T = any>(query: string, variables?: object) => gql<T>(env.shopClient, shopApi, query, variables);

/** Throws on a GraphQL error result (`errorCode`), returns the value otherwise. */
const ok = <T extends object>(value: T): T => {
  if ('errorCode' in value) throw new Error(`Vendure: ${JSON.stringify(value)}`);
  return value;
};

const outbox = () => env.server.app.get(TransactionalConnection).rawConnection.getRepository(TwotierOutboxEntry);
const internalId = (id: string) => Number(id.replace(/^T_/, '')); // @vendure/testing encodes ids as T_<n>

let variants: { tea: string; cup: string };

/** A shopper with a referral link checks out as a guest; the admin settles the payment. */
async function checkout(lines: [string, number][], email: string, ref = 'MEI') {
  await env.shopClient.asAnonymousUser().catch(() => undefined);
  for (const [variant, quantity] of lines) {
    ok((await store(`mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) { ... on Order { id } ... on ErrorResult { errorCode message } } }`, { v: variant, q: quantity })).addItemToOrder);
  }
  // What the storefront does with the referral it captured from ?ref=: order custom fields through the Shop API.
  const set = await store(
    `mutation($f: UpdateOrderCustomFieldsInput!) { setOrderCustomFields(input: { customFields: $f }) { ... on Order { id customFields { twotierRef twotierVisitor } } ... on ErrorResult { errorCode message } } }`,
    { f: { twotierRef: ref, twotierVisitor: 'v_vendureVisitor01' } },
  );
  expect(ok(set.setOrderCustomFields).customFields).toEqual({ twotierRef: ref, twotierVisitor: 'v_vendureVisitor01' });
  ok((await store(`mutation($i: CreateCustomerInput!) { setCustomerForOrder(input: $i) { ... on Order { id } ... on ErrorResult { errorCode message } } }`, { i: { emailAddress: email, firstName: 'Mei', lastName: 'Chen' } })).setCustomerForOrder);
  await store(`mutation($i: CreateAddressInput!) { setOrderShippingAddress(input: $i) { ... on Order { id } } }`, {
    i: { fullName: 'Mei Chen', streetLine1: '1 Longjing Rd', city: 'Hangzhou', province: 'Zhejiang', postalCode: '310000', countryCode: 'CN' },
  });
  const { eligibleShippingMethods } = await store(`{ eligibleShippingMethods { id } }`);
  ok((await store(`mutation($id: [ID!]!) { setOrderShippingMethod(shippingMethodId: $id) { ... on Order { id } ... on ErrorResult { errorCode message } } }`, { id: [eligibleShippingMethods[0].id] })).setOrderShippingMethod);
  ok((await store(`mutation { transitionOrderToState(state: "ArrangingPayment") { ... on Order { id } ... on OrderStateTransitionError { errorCode message transitionError } } }`)).transitionOrderToState);
  const { eligiblePaymentMethods } = await store(`{ eligiblePaymentMethods { code } }`);
  const paid = ok(
    (
      await store(`mutation($m: String!) { addPaymentToOrder(input: { method: $m, metadata: {} }) { ... on Order { id code state totalWithTax payments { id state } } ... on ErrorResult { errorCode message } } }`, {
        m: eligiblePaymentMethods[0].code,
      })
    ).addPaymentToOrder,
  );
  expect(paid.state).toBe('PaymentAuthorized');
  const payment = paid.payments[0].id as string;
  ok((await admin(`mutation($id: ID!) { settlePayment(id: $id) { ... on Payment { id state } ... on ErrorResult { errorCode message } } }`, { id: payment })).settlePayment);
  return { id: paid.id as string, code: paid.code as string, totalWithTax: paid.totalWithTax as number, payment };
}

async function refund(paymentId: string, amount: number) {
  const created = ok(
    (
      await admin(`mutation($i: RefundOrderInput!) { refundOrder(input: $i) { ... on Refund { id state total } ... on ErrorResult { errorCode message } } }`, {
        i: { paymentId, amount, shipping: 0, adjustment: 0, reason: 'customer returned part of it' },
      })
    ).refundOrder,
  );
  if (created.state !== 'Settled') {
    ok((await admin(`mutation($i: SettleRefundInput!) { settleRefund(input: $i) { ... on Refund { id state } ... on ErrorResult { errorCode message } } }`, { i: { id: created.id, transactionId: 'refund-tx' } })).settleRefund);
  }
  return created.id as string;
}

const commissionsOf = async (code: string) =>
  (await shop.commissions.list({ orderId: `vendure:${code}` })).data
    .map((c: Commission) => ({ level: c.level, distributor: c.distributorId === distributors.mei ? 'MEI' : 'LIN', amount: c.amount, reversed: c.reversed }))
    .sort((a, b) => a.level - b.level);

const entriesOf = (code: string) => outbox().find({ where: { orderId: `vendure:${code}` }, order: { id: 'ASC' } });

beforeAll(async () => {
  twotierPort = await freePort();
  twotier = await startTwotier(twotierPort);
  const operator = createTwotierClient({ baseUrl: twotier.url, operatorToken: OPERATOR });
  // The twotier shop counts in the currency the Vendure channel sells in.
  const created = await operator.shops.create({ name: 'Lanxi Tea (Vendure)', currency: 'CNY', allowedOrigins: ['https://shop.example'] });
  shop = createTwotierClient({ baseUrl: twotier.url, secretKey: created.secretKey });
  // Level 1 5% and level 2 3% by default; 10% and 5% on sales shipped to Zhejiang (ISO 3166-2 CN-ZJ).
  await shop.program.put({
    levels: 2,
    defaultRates: { level1Bps: 500, level2Bps: 300 },
    rules: [{ id: 'zhejiang', when: { region: ['CN-ZJ'] }, level1: { percentBps: 1000 }, level2: { percentBps: 500 } }],
    holdDays: 14,
  });
  const lin = await shop.distributors.create({ name: 'Lin', code: 'LIN' });
  const mei = await shop.distributors.create({ name: 'Mei', code: 'MEI', parentCode: 'LIN' });
  distributors = { mei: mei.id, lin: lin.id };

  env = createVendure(await freePort(), created.secretKey);
  await env.server.init({
    customerCount: 1,
    initialData: {
      defaultLanguage: LanguageCode.en,
      defaultZone: 'Asia',
      countries: [{ code: 'CN', name: 'China', zone: 'Asia' }],
      taxRates: [{ name: 'VAT', percentage: 13 }],
      shippingMethods: [{ name: 'Standard', price: 1000, taxRate: 0 }],
      paymentMethods: [{ name: 'Manual', handler: { code: dummyPaymentHandler.code, arguments: [{ name: 'automaticSettle', value: 'false' }] } }],
      collections: [],
    },
  });
  await env.adminClient.asSuperAdmin();

  // The channel sells in CNY, prices without tax (switched to tax-inclusive later).
  const { activeChannel } = await admin(`{ activeChannel { id } }`);
  await admin(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { ... on Channel { id } } }`, {
    i: { id: activeChannel.id, defaultCurrencyCode: 'CNY', availableCurrencyCodes: ['CNY'], pricesIncludeTax: false },
  });
  // The region: a province with its ISO 3166-2 code, which the plugin matches by name against the shipping address.
  // (Vendure 3.7.3's Admin API declares createProvince but has no resolver for it, so it goes through the service.)
  const ctx = await env.server.app.get(RequestContextService).create({ apiType: 'admin' });
  await env.server.app.get(ProvinceService).create(ctx, { code: 'CN-ZJ', enabled: true, translations: [{ languageCode: LanguageCode.en, name: 'Zhejiang' }] });
  const { taxCategories } = await admin(`{ taxCategories { items { id } } }`);
  const product = async (name: string, sku: string, price: number) => {
    const { createProduct } = await admin(`mutation($n: String!, $s: String!) { createProduct(input: { translations: [{ languageCode: en, name: $n, slug: $s, description: "" }] }) { id } }`, { n: name, s: sku.toLowerCase() });
    const { createProductVariants } = await admin(`mutation($i: [CreateProductVariantInput!]!) { createProductVariants(input: $i) { id sku price priceWithTax } }`, {
      i: [{ productId: createProduct.id, sku, price, taxCategoryId: taxCategories.items[0].id, stockOnHand: 100, translations: [{ languageCode: 'en', name }] }],
    });
    return createProductVariants[0] as { id: string; priceWithTax: number };
  };
  const tea = await product('Longjing tea 250 g', 'TEA-LJ-250', 12800);
  const cup = await product('Tea cup', 'CUP-01', 3990);
  expect([tea.priceWithTax, cup.priceWithTax]).toEqual([14464, 4509]); // 128.00 and 39.90, + 13% VAT
  variants = { tea: tea.id, cup: cup.id };
}, 120_000);

afterAll(async () => {
  await env?.server.destroy();
  await twotier?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('TwotierPlugin on Vendure 3.7', () => {
  let orderA: Awaited<ReturnType<typeof checkout>>;

  it('sends a paid order with the storefront’s referral: exact level-1 and level-2 commissions', async () => {
    orderA = await checkout([[variants.tea, 2], [variants.cup, 1]], 'mei.a@example.com');
    // Paid: 2 × 144.64 + 45.09 + 10.00 shipping = 344.37 CNY.
    expect(orderA.totalWithTax).toBe(34437);
    const entries = await waitFor('order A delivered', () => entriesOf(orderA.code), (e) => e[0]?.status === 'delivered');
    expect(JSON.parse(entries[0]!.payload)).toMatchObject({
      currency: 'CNY',
      items: [
        { sku: 'TEA-LJ-250', quantity: 2, unitPrice: 12800, discount: 0 },
        { sku: 'CUP-01', quantity: 1, unitPrice: 3990, discount: 0 },
      ],
      shipping: 1000,
      tax: 3847,
      referralCode: 'MEI',
      visitorId: 'v_vendureVisitor01',
      region: 'CN-ZJ',
    });
    // Base = 2 × 128.00 + 39.90 = 295.90 (net of tax, shipping out), Zhejiang rates:
    // level 1 (MEI) 10% = 29.590 → 29.59; level 2 (LIN, MEI's parent) 5% = 14.795 → 14.80 (half to even).
    expect(await commissionsOf(orderA.code)).toEqual([
      { level: 1, distributor: 'MEI', amount: 2959, reversed: 0 },
      { level: 2, distributor: 'LIN', amount: 1480, reversed: 0 },
    ]);
  });

  it('reverses a refund made through the Admin API, in proportion to what was paid', async () => {
    const refundId = await refund(orderA.payment, 5000);
    await waitFor('refund delivered', () => entriesOf(orderA.code), (e) => e.length === 2 && e[1]!.status === 'delivered');
    const entries = await entriesOf(orderA.code);
    expect(JSON.parse(entries[1]!.payload)).toEqual({ id: `vendure:refund:${internalId(refundId)}`, amount: 5000 });
    // 50.00 of 344.37 paid: level 1 29.59 × 5000 / 34437 = 4.296 → 4.30; level 2 14.80 × 5000 / 34437 = 2.149 → 2.15.
    expect(await commissionsOf(orderA.code)).toEqual([
      { level: 1, distributor: 'MEI', amount: 2959, reversed: 430 },
      { level: 2, distributor: 'LIN', amount: 1480, reversed: 215 },
    ]);
  });

  let orderB: Awaited<ReturnType<typeof checkout>>;

  it('pays the same commission when the channel’s prices include tax, and reverses all of it on cancellation', async () => {
    const { activeChannel } = await admin(`{ activeChannel { id } }`);
    await admin(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { ... on Channel { id } } }`, { i: { id: activeChannel.id, pricesIncludeTax: true } });
    // The same goods, priced with tax: 144.64 and 45.09. Vendure's net unit prices: 144.64 / 1.13 = 128.00, 45.09 / 1.13 = 39.90.
    await admin(`mutation($i: [UpdateProductVariantInput!]!) { updateProductVariants(input: $i) { id price priceWithTax } }`, {
      i: [
        { id: variants.tea, price: 14464 },
        { id: variants.cup, price: 4509 },
      ],
    });
    orderB = await checkout([[variants.tea, 2], [variants.cup, 1]], 'mei.b@example.com');
    expect(orderB.totalWithTax).toBe(34437);
    await waitFor('order B delivered', () => entriesOf(orderB.code), (e) => e[0]?.status === 'delivered');
    expect(await commissionsOf(orderB.code)).toEqual([
      { level: 1, distributor: 'MEI', amount: 2959, reversed: 0 },
      { level: 2, distributor: 'LIN', amount: 1480, reversed: 0 },
    ]);

    const cancelled = ok((await admin(`mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { ... on Order { id state } ... on ErrorResult { errorCode message } } }`, { i: { orderId: orderB.id, reason: 'out of stock' } })).cancelOrder);
    expect(cancelled.state).toBe('Cancelled');
    await waitFor('cancellation delivered', () => entriesOf(orderB.code), (e) => e.length === 2 && e[1]!.status === 'delivered');
    expect(JSON.parse((await entriesOf(orderB.code))[1]!.payload)).toEqual({ id: `vendure:cancel:${orderB.code}`, amount: 34437 });
    expect(await commissionsOf(orderB.code)).toEqual([
      { level: 1, distributor: 'MEI', amount: 2959, reversed: 2959 },
      { level: 2, distributor: 'LIN', amount: 1480, reversed: 1480 },
    ]);

    // The shop then refunds the cancelled order's money: nothing is left to reverse, and nothing is sent.
    await refund(orderB.payment, 34437);
    const after = await waitFor('refund after cancellation', () => entriesOf(orderB.code), (e) => e.length === 3);
    expect([after[2]!.status, after[2]!.lastError]).toEqual(['skipped', 'nothing left to reverse: the order was already reversed in full']);
  });

  it('changes nothing when Vendure publishes the same events again, or the outbox sends them again', async () => {
    const before = [await commissionsOf(orderA.code), await commissionsOf(orderB.code)];
    const count = await outbox().count(); // A and its refund, B, its cancellation and the skipped refund
    const app = env.server.app;
    const ctx = await app.get(RequestContextService).create({ apiType: 'admin' });
    const order = (await app.get(OrderService).findOne(ctx, internalId(orderA.id)))!;
    const cancelledOrder = (await app.get(OrderService).findOne(ctx, internalId(orderB.id)))!;
    const settledRefund = (await app.get(TransactionalConnection).getRepository(ctx, Refund).findOne({ where: {}, order: { id: 'ASC' } }))!;
    const bus = app.get(EventBus);
    await bus.publish(new OrderStateTransitionEvent('PaymentAuthorized', 'PaymentSettled', ctx, order));
    await bus.publish(new RefundStateTransitionEvent('Pending', 'Settled', ctx, settledRefund, order));
    await bus.publish(new OrderStateTransitionEvent('PaymentSettled', 'Cancelled', ctx, cancelledOrder));
    expect(await outbox().count()).toBe(count);

    // As if the process had died after twotier answered but before the entry was marked: everything goes again.
    const entries = await outbox().find({ order: { id: 'ASC' } });
    await outbox().update({ status: 'delivered' }, { status: 'pending', nextAttemptAt: new Date(0) });
    await app.get(TwotierOutboxService).deliverDue();
    const again = await waitFor('resent', () => outbox().find({ order: { id: 'ASC' } }), (es) => es.every((e) => e.status !== 'pending'));
    // Each delivered entry sent once more and answered as a replay; the skipped refund left alone.
    expect(again.map((e) => [e.status, e.attempts])).toEqual(entries.map((e) => [e.status, e.status === 'delivered' ? e.attempts + 1 : e.attempts]));
    expect([await commissionsOf(orderA.code), await commissionsOf(orderB.code)]).toEqual(before);
  });

  it('keeps events while twotier is down and delivers them, in order, once it is back', async () => {
    await twotier!.stop();
    twotier = null;
    const orderC = await checkout([[variants.tea, 1]], 'mei.c@example.com');
    expect(orderC.totalWithTax).toBe(15464); // 144.64 + 10.00
    await refund(orderC.payment, 7232);
    const waiting = await waitFor('retries while down', () => entriesOf(orderC.code), (e) => e.length === 2 && e[0]!.attempts >= 2);
    expect(waiting.map((e) => e.status)).toEqual(['pending', 'pending']);
    expect(waiting[0]!.lastError).toMatch(/no answer network_error/);
    expect(waiting[1]!.attempts).toBe(0); // the refund waits for its order

    twotier = await startTwotier(twotierPort);
    await waitFor('delivered after restart', () => entriesOf(orderC.code), (e) => e.every((x) => x.status === 'delivered'));
    // Base 128.00: level 1 12.80, level 2 6.40. Refund 72.32 of 154.64: 12.80 × 7232 / 15464 = 5.986 → 5.99; 6.40 × 7232 / 15464 = 2.993 → 2.99.
    expect(await commissionsOf(orderC.code)).toEqual([
      { level: 1, distributor: 'MEI', amount: 1280, reversed: 599 },
      { level: 2, distributor: 'LIN', amount: 640, reversed: 299 },
    ]);
    // Balances: MEI 29.59 − 4.30 + 12.80 − 5.99 = 32.10 pending; LIN 14.80 − 2.15 + 6.40 − 2.99 = 16.06.
    expect((await shop.distributors.balance(distributors.mei)).pending).toBe(3210);
    expect((await shop.distributors.balance(distributors.lin)).pending).toBe(1606);
  });

  it('shows the shop owner what twotier recorded in the order’s history', async () => {
    const { order } = await admin(`query($id: ID!) { order(id: $id) { history { items { type data } } } }`, { id: orderA.id });
    const notes = order.history.items.filter((h: { type: string }) => h.type === 'ORDER_NOTE').map((h: { data: { note: string } }) => h.data.note);
    expect(notes[0]).toBe(`twotier recorded order vendure:${orderA.code} for MEI: level 1 29.59 CNY, level 2 14.80 CNY`);
    expect(notes[1]).toMatch(/^twotier recorded refund vendure:refund:\d+: reversed level 1 −4\.30 CNY, level 2 −2\.15 CNY$/);
  });
});
