import { deriveIdentityKey, hmacSha256, signIdentityToken, toBase64Url } from '@twotier/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { Clock, OPERATOR, ORIGIN, browser, createTestShop, makeApp, secret, sqliteFactory, uid, type TestShop } from './harness';
import { hostileBody, hostileForwardedFor } from './proof/adversarial';
import { privateWebhookUrl, publicWebhookUrl } from './proof/ip-notations';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeListener } from '../src/http/click-lane';
import { MemoryRateLimiter } from '../src/http/rate-limit';
import type { z } from 'zod';
import {
  clickEventSchema,
  conversionEventSchema,
  couponCreateSchema,
  distributorCreateSchema,
  distributorPatchSchema,
  meJoinSchema,
  meWithdrawalCreateSchema,
  orderCreateSchema,
  programSchema,
  refundCreateSchema,
  identityClaimsSchema,
  sessionCreateSchema,
  shopCreateSchema,
  withdrawalCreateSchema,
  withdrawalPaidSchema,
  withdrawalRejectSchema,
} from '@twotier/core/schema';
import { rewardPoolUploadSchema, shopSettingsPatchSchema, stripeSettingsSchema } from '@twotier/core/schema';
import { webhookEndpointInputSchema } from '../src/webhooks/event-types';

/** ≥ 5,000 cases in CI; fewer locally. */
const TOTAL = process.env.CI ? 5_200 : Number(process.env.TWOTIER_FUZZ_CASES ?? 800);

interface Target {
  name: string;
  /** The schema the route validates with: a 2xx is right only for a body it accepts. */
  schema?: z.ZodType;
  method: string;
  path: string;
  headers: Record<string, string>;
  template: Record<string, unknown>;
}

const factory = sqliteFactory();
let db: Db;
let app: TwotierApp;
let shop: TestShop;
let linaId: string;
const targets: Target[] = [];

beforeAll(async () => {
  const clock = new Clock();
  db = await factory.open();
  app = makeApp(db, clock);
  shop = await createTestShop(app, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
  const d = (await secret(app, shop, 'POST', '/v1/distributors', { name: 'Li Na', code: 'lina' })).body;
  linaId = d.id;
  await secret(app, shop, 'POST', '/v1/orders', { id: 'o-fuzz', currency: 'CNY', referralCode: 'lina', items: [{ sku: 'tea', quantity: 2, unitPrice: 50_000 }] });
  await secret(app, shop, 'POST', '/v1/settlements');
  const w = (await secret(app, shop, 'POST', '/v1/withdrawals', { distributorId: d.id, amount: 100 })).body;
  const identityToken = await signIdentityToken(shop.sk, { userId: 'fuzz-user', name: 'Fuzz', exp: Math.floor(clock.ms / 1000) + 3600 });
  const session = (await browser(app, 'POST', '/v1/sessions', { key: shop.pk, identityToken })).body.session as string;

  const sk = { authorization: `Bearer ${shop.sk}`, 'content-type': 'application/json' };
  const pk = { origin: ORIGIN, 'content-type': 'text/plain' };
  const ses = { origin: ORIGIN, authorization: `Bearer ${session}`, 'content-type': 'application/json' };
  const op = { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' };
  const add = (name: string, method: string, path: string, headers: Record<string, string>, template: Record<string, unknown>, schema?: z.ZodType) =>
    targets.push({ name, method, path, headers, template, ...(schema ? { schema } : {}) });
  add('create shop', 'POST', '/v1/shops', op, { name: 'Shop', currency: 'CNY', currencies: ['CNY', 'usd', 'JPY'], allowedOrigins: ['https://a.example', 'HTTPS://Shop-B.example:443/'] }, shopCreateSchema);
  // origins as the shop types them: normalised to the form browsers send (this shop's own stays allowed)
  add('patch shop', 'PATCH', '/v1/shop', sk, { allowedOrigins: [ORIGIN.toUpperCase(), 'http://Localhost:3000/'], currencies: ['CNY', 'USD'] });
  add('put program', 'PUT', '/v1/program', sk, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 7, minWithdrawal: 100, grades: [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500, upgradeAtSales: 100_000 }], perCurrency: { USD: { minWithdrawal: 50, withdrawalFee: { bps: 100 }, performanceBonus: [{ threshold: 1000, amount: 10 }], upgradeAtSales: { gold: 5000 } } }, rules: [{ id: 'r1', when: { sku: ['tea'] }, level1: { percentBps: 1200 } }, { id: 'r2', when: { sku: ['cup'] }, level1: { fixedPerUnit: 100, fixedPerUnitByCurrency: { USD: 15, JPY: 150 } } }] }, programSchema);
  add('create distributor', 'POST', '/v1/distributors', sk, { name: 'Wang', code: 'wang-1', email: 'w@example.com', externalId: 'ext-1', parentCode: 'lina' }, distributorCreateSchema);
  add('patch distributor', 'PATCH', `/v1/distributors/${d.id}`, sk, { status: 'active', name: 'Li Na' }, distributorPatchSchema);
  add('create order', 'POST', '/v1/orders', sk, {
    id: 'o-new',
    currency: 'CNY',
    items: [{ sku: 'tea', category: 'green', quantity: 1, unitPrice: 1999, discount: 100 }],
    discount: 10,
    shipping: 500,
    tax: 0,
    customer: { id: 'c1', email: 'c@example.com' },
    region: 'CN-ZJ',
    referralCode: 'lina',
    visitorId: 'visitor_fuzz_01',
  }, orderCreateSchema);
  add('refund', 'POST', '/v1/orders/o-fuzz/refunds', sk, { id: 'r-new', currency: 'CNY', amount: 100, items: [{ sku: 'tea', quantity: 1 }] }, refundCreateSchema);
  add('withdraw', 'POST', '/v1/withdrawals', sk, { distributorId: d.id, amount: 100, currency: 'CNY' }, withdrawalCreateSchema);
  add('reject withdrawal', 'POST', `/v1/withdrawals/${w.id}/reject`, sk, { reason: 'duplicate account' }, withdrawalRejectSchema);
  add('mark paid', 'POST', `/v1/withdrawals/${w.id}/paid`, sk, { reference: 'bank-123' }, withdrawalPaidSchema);
  add('coupon', 'POST', '/v1/coupons', sk, { code: 'SPRING-1', distributorId: d.id }, couponCreateSchema);
  add('webhook endpoint', 'POST', '/v1/webhook-endpoints', sk, { url: 'https://hooks.example/twotier', events: ['order.created'] }, webhookEndpointInputSchema);
  add('reward pool', 'POST', '/v1/referee-rewards/pool', sk, { codes: ['WELCOME-1', 'WELCOME-2'] }, rewardPoolUploadSchema);
  add('settings', 'PATCH', '/v1/settings', sk, { refereeRewardEnabled: true, clickRetentionDays: 90, welcomeDailyCapPerDistributor: 20, welcomeDailyCapPerIp: 1 }, shopSettingsPatchSchema);
  add('stripe secret', 'PUT', '/v1/integrations/stripe', sk, { signingSecret: 'whsec_abcdefghijkl' }, stripeSettingsSchema);
  add('click', 'POST', '/v1/track/click', pk, { key: shop.pk, code: 'lina', visitorId: 'visitor_fuzz_01', eventId: 'event_fuzz_0001', url: 'https://shop.example/', referrer: 'https://t.co/' }, clickEventSchema);
  add('conversion', 'POST', '/v1/track/conversion', pk, { key: shop.pk, eventId: 'event_fuzz_0002', visitorId: 'visitor_fuzz_01', orderId: 'o-x', amount: 1999, currency: 'CNY', code: 'lina' }, conversionEventSchema);
  add('session', 'POST', '/v1/sessions', pk, { key: shop.pk, identityToken, visitorId: 'visitor_fuzz_01' }, sessionCreateSchema);
  add('join', 'POST', '/v1/me/join', ses, { acceptTerms: true, parentCode: 'lina', name: 'Fuzz' }, meJoinSchema);
  add('my withdrawal', 'POST', '/v1/me/withdrawals', ses, { amount: 100, currency: 'cny' }, meWithdrawalCreateSchema);
  add('stripe webhook', 'POST', `/v1/integrations/stripe/${shop.id}/webhook`, { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, { id: 'evt_1', type: 'checkout.session.completed', data: { object: { id: 'cs_1', amount_total: 100 } } });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  await factory.cleanup();
});

describe('hostile input', () => {
  test('the templates themselves are valid requests (so each mutation is what makes a case invalid)', async () => {
    const statuses: Record<string, number> = {};
    for (const t of targets) {
      if (t.name === 'stripe webhook') continue;
      const res = await app.request(t.path, { method: t.method, headers: t.headers, body: JSON.stringify(t.template) });
      statuses[t.name] = res.status;
    }
    // a withdrawal that was rejected cannot be paid: 409 proves the body itself passed validation
    for (const [name, status] of Object.entries(statuses)) expect([200, 201, 202, 409], name).toContain(status);
  });

  test(`malformed and adversarial bodies on every endpoint are 4xx, never 5xx (${TOTAL} cases)`, async () => {
    const perTarget = Math.ceil(TOTAL / targets.length);
    let cases = 0;
    const accepted: string[] = [];
    for (const t of targets) {
      const result = await fc.check(
        fc.asyncProperty(hostileBody(t.template), async (body) => {
          cases += 1;
          const res = await app.request(t.path, { method: t.method, headers: t.headers, body: body as BodyInit });
          const text = await res.text();
          if (res.status >= 200 && res.status < 300 && t.schema && typeof body === 'string' && t.schema.safeParse(JSON.parse(body)).success) {
            accepted.push(`${t.name}: ${body.slice(0, 120)}…`);
            return;
          }
          if (res.status < 400 || res.status >= 500) throw new Error(`${t.name}: ${t.method} ${t.path} answered ${res.status} → ${text.slice(0, 200)}`);
          const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string') throw new Error(`${t.name}: not the error shape: ${text.slice(0, 200)}`);
        }),
        { numRuns: perTarget },
      );
      if (result.failed) {
        const sample = String(result.counterexample?.[0] ?? '').slice(0, 300);
        throw new Error(`${(result.errorInstance as Error)?.message ?? 'failed'}\nbody: ${sample}`);
      }
    }
    expect(cases).toBeGreaterThanOrEqual(TOTAL);
    // bodies the contract accepts (e.g. a 60 KB sku inside a program rule: rule strings have no length limit)
    if (accepted.length) console.info(`${accepted.length} mutated bodies were valid per their schema and were accepted, e.g. ${accepted[0]}`);

    // still answering, and still right (mutated bodies the contract accepts may have changed the program: set it back first)
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await secret(app, shop, 'PUT', '/v1/program', { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 } })).status).toBe(200);
    expect((await secret(app, shop, 'PATCH', `/v1/distributors/${linaId}`, { status: 'active' })).status).toBe(200);
    const order = await secret(app, shop, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: 'lina', items: [{ sku: 'tea', quantity: 1, unitPrice: 10_000 }] });
    expect(order.status).toBe(201);
    expect(order.body.commissions[0].amount).toBe(1000);
  }, 240_000);

  test('webhook URLs on this machine or its networks, in every IP notation, are 422 with the reason; public ones in the same notations are taken', async () => {
    const post = (url: string) => secret(app, shop, 'POST', '/v1/webhook-endpoints', { url, events: ['order.created'] });
    await fc.assert(
      fc.asyncProperty(privateWebhookUrl, async ({ url, reason }) => {
        const res = await post(url);
        expect(res.status, url).toBe(422);
        expect(res.body.error, url).toMatchObject({ code: 'webhook_url_not_allowed', details: { path: ['url'], reason } });
      }),
      { numRuns: Math.max(200, Math.ceil(TOTAL / 4)) },
    );
    await fc.assert(
      fc.asyncProperty(publicWebhookUrl, async (url) => {
        const res = await post(url);
        expect(res.status, url).toBe(201);
        await secret(app, shop, 'DELETE', `/v1/webhook-endpoints/${res.body.id}`);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  test('identity tokens carrying hostile claims, correctly signed, are refused (401, 413, 422) unless the claims schema accepts them', async () => {
    const key = await deriveIdentityKey(shop.sk);
    const nowSeconds = Math.floor(app.services.now().getTime() / 1000);
    const template = { userId: 'fuzz-claims', name: 'Fuzz', email: 'fuzz@example.com', exp: nowSeconds + 600 };
    const control = fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 });
    const claims = fc.oneof(
      hostileBody(template),
      fc.record({ field: fc.constantFrom('userId', 'name', 'email'), junk: control }).map(({ field, junk }) => JSON.stringify({ ...template, [field]: `${template[field as 'name']}${junk}` })),
      fc.integer({ min: 86_401, max: 2 ** 40 }).map((ahead) => JSON.stringify({ ...template, exp: nowSeconds + ahead })),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(claims, async (text) => {
        // signed as the shop would, bypassing the SDK signer's own checks
        const payload = toBase64Url(typeof text === 'string' ? new TextEncoder().encode(text) : text);
        const identityToken = `${payload}.${toBase64Url(await hmacSha256(key, payload))}`;
        const res = await browser(app, 'POST', '/v1/sessions', { key: shop.pk, identityToken });
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(typeof text === 'string' ? text : new TextDecoder().decode(text));
        } catch {
          // not JSON: must be refused
        }
        const valid = identityClaimsSchema.safeParse(parsed);
        const exp = (parsed as { exp?: unknown } | null)?.exp;
        if (res.status === 201) {
          accepted += 1;
          expect(valid.success, String(text).slice(0, 200)).toBe(true);
          expect(Number(exp) - nowSeconds).toBeLessThanOrEqual(86_400);
          return;
        }
        // 413: a token too long to be a body (a 60 KB name); 422 from the token's own length limit too
        expect([401, 413, 422], `${res.status} ${String(text).slice(0, 200)}`).toContain(res.status);
        expect(typeof res.body.error?.code).toBe('string');
      }),
      { numRuns: Math.max(200, Math.ceil(TOTAL / 4)) },
    );
    // the template itself opens a session: the refusals above are the claims', not the signing's
    const payload = toBase64Url(new TextEncoder().encode(JSON.stringify(template)));
    const ok = await browser(app, 'POST', '/v1/sessions', { key: shop.pk, identityToken: `${payload}.${toBase64Url(await hmacSha256(key, payload))}` });
    expect(ok.status).toBe(201);
    expect(accepted).toBeLessThan(Math.max(200, Math.ceil(TOTAL / 4)));
  }, 120_000);

  test('the welcome pool answers a made-up visitor 409, whatever the settings template left', async () => {
    expect((await secret(app, shop, 'PATCH', '/v1/settings', { refereeRewardEnabled: true })).status).toBe(200);
    const res = await app.request(`/v1/public/welcome?key=${shop.pk}&code=lina&visitorId=${uid('visitor')}`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(409);
  });

  test('currency codes in every form: only a currency the shop accepts (any case, trimmed) is taken; anything else is 4xx, never 5xx', async () => {
    const codes: unknown[] = ['usd', 'USD', 'XXX', 'xts', 'ABC', 'US', 'USDD', 'C N Y', 'ＣＮＹ', 'cny\u0000', '💴', '', 123, null, true, ['CNY'], { code: 'CNY' }, 'CNY'.repeat(100)];
    const takes = ['CNY', 'cny', ' Cny '];
    // the fuzzed PATCH /v1/shop may have added currencies to this shop
    const accepted: string[] = (await secret(app, shop, 'GET', '/v1/shop')).body.currencies;
    const isAccepted = (code: unknown, name: string) => typeof code === 'string' && (name === 'refund' ? ['CNY'] : accepted).includes(code.trim().toUpperCase());
    const checks: [string, string, (currency: unknown) => Record<string, unknown>, Record<string, string>][] = [
      ['order', '/v1/orders', (currency) => ({ id: uid('o'), currency, referralCode: 'lina', items: [{ sku: 'tea', quantity: 1, unitPrice: 1000 }] }), { authorization: `Bearer ${shop.sk}` }],
      ['refund', '/v1/orders/o-fuzz/refunds', (currency) => ({ id: uid('r'), currency, amount: 1 }), { authorization: `Bearer ${shop.sk}` }],
      ['conversion', '/v1/track/conversion', (currency) => ({ key: shop.pk, eventId: uid('event'), visitorId: 'visitor_fuzz_01', orderId: 'o-y', amount: 1, currency }), { origin: ORIGIN }],
      ['withdrawal', '/v1/withdrawals', (currency) => ({ distributorId: linaId, amount: 1, currency }), { authorization: `Bearer ${shop.sk}` }],
      ['shop', '/v1/shops', (currency) => ({ name: 'S', currencies: [currency] }), { authorization: `Bearer ${OPERATOR}` }],
    ];
    for (const [name, path, body, headers] of checks) {
      for (const currency of [...codes, ...takes]) {
        const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body(currency)) });
        const text = await res.text();
        const label = `${name} ${JSON.stringify(currency).slice(0, 40)} → ${res.status} ${text.slice(0, 160)}`;
        expect(res.status, label).toBeLessThan(500);
        if (takes.includes(currency as string) || (name === 'shop' ? currency === 'usd' || currency === 'USD' : isAccepted(currency, name))) {
          // a withdrawal of 1 may meet the shop's minimum or balance (409/422 below_minimum): never a currency refusal
          if (res.status >= 400) expect(JSON.parse(text).error.code, label).not.toBe('currency_mismatch');
          continue;
        }
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(['currency_mismatch', 'validation_failed'], label).toContain(JSON.parse(text).error.code);
      }
    }
  });

  test('hostile query strings on GET endpoints are 4xx', async () => {
    const bad = ['limit=-1', 'limit=abc', 'limit=1e999', 'cursor=%00%00', 'status=__proto__', 'cursor=' + 'A'.repeat(500), 'groupBy=constructor', 'from=2026-13-45', 'to=NaN'];
    const gets = ['/v1/distributors', '/v1/commissions', '/v1/withdrawals', '/v1/stats', '/v1/bonuses', '/v1/stats/clicks'];
    for (const path of gets) {
      for (const q of bad) {
        const res = await app.request(`${path}?${q}`, { headers: { authorization: `Bearer ${shop.sk}` } });
        expect(res.status, `${path}?${q}`).toBeLessThan(500);
      }
    }
    const welcome = await app.request(`/v1/public/welcome?key=${shop.pk}&code=%F0%9F%98%80&visitorId=${'x'.repeat(5000)}`, { headers: { origin: ORIGIN } });
    expect(welcome.status).toBe(422);
  });
});

describe('hostile X-Forwarded-For chains behind one trusted proxy (real socket)', () => {
  /** A GET or text/plain POST with `x-forwarded-for`; the status, or 0 when Node's own parser refused it. */
  const send = (port: number, path: string, xff: string, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { port, host: '127.0.0.1', path, method: body === undefined ? 'GET' : 'POST', agent: false, headers: { origin: ORIGIN, 'x-forwarded-for': xff, ...(body !== undefined ? { 'content-type': 'text/plain' } : {}) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  test('never a 5xx, and whatever the client writes before the entry the proxy added, that entry alone is counted', async () => {
    const PER_IP = 15;
    const limited = makeApp(db, new Clock(), { trustProxy: 1, rateLimiter: new MemoryRateLimiter(), rateLimits: { perIp: { limit: PER_IP, windowMs: 60_000 } } });
    const server = createServer(nodeListener(limited));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const chains = fc.sample(hostileForwardedFor, { numRuns: 160, seed: 14 });
      const click = () => JSON.stringify({ key: shop.pk, code: 'lina', visitorId: uid('v'), eventId: uid('e'), url: 'https://shop.example/' });
      const through = (i: number, xff: string) => (i % 2 ? send(port, '/v1/track/click', xff, click()) : send(port, `/v1/public/distributors/lina?key=${shop.pk}`, xff));
      // the chain as the client sent it, then the address the trusted proxy appended: one client
      const proxied: number[] = [];
      for (const [i, chain] of chains.entries()) proxied.push(await through(i, `${chain}, 203.0.113.9`));
      const counted = proxied.filter((s) => s !== 431); // headers over Node's size limit never reach the app
      expect(proxied.every((s) => s < 500), proxied.join(' ')).toBe(true);
      expect(counted.slice(0, PER_IP).every((s) => s === 200 || s === 202), counted.join(' ')).toBe(true);
      expect(counted.slice(PER_IP).every((s) => s === 429), counted.join(' ')).toBe(true);
      // the bare hostile chain (its last entry taken as the client): still a 4xx or an answer, never a 5xx
      for (const [i, chain] of chains.entries()) {
        const status = await through(i, chain);
        expect(status, chain.slice(0, 200)).toBeLessThan(500);
      }
    } finally {
      await new Promise((r) => server.close(r));
      await limited.close();
    }
  }, 120_000);
});
