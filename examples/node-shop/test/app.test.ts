import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { identityTokenKey } from '@twotier/sdk/server';
import { jwtVerify } from 'jose';

/** Reads an identity token as any JWT library does (HS256 under the shop's identity key). */
const verifyIdentityToken = async (token: string, secretKey: string) =>
  (await jwtVerify<{ userId: string; email?: string; name?: string; exp: number }>(token, await identityTokenKey(secretKey), { algorithms: ['HS256'] })).payload;
import { startNodeShop } from '../src/app.mjs';

const SECRET = 'sk_test_node_shop_0001';
const PUBLISHABLE = 'pk_test_node_shop_0001';
const calls: { method: string; path: string; auth?: string; origin?: string; body: any }[] = [];
let joined = false;

// A fake twotier API: checks identity tokens the way the real one does, records the rest.
const fake = createServer(async (req, res) => {
  let text = '';
  for await (const c of req) text += c;
  const body = text ? JSON.parse(text) : null;
  const path = req.url ?? '';
  calls.push({ method: req.method ?? '', path, auth: req.headers.authorization, origin: req.headers.origin, body });
  const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  const now = new Date().toISOString();
  if (path === '/v1/track/click') return reply(202, { accepted: true, duplicate: false });
  if (path === '/v1/orders') {
    const l1 = { id: 'c1', orderId: body.id, distributorId: 'd1', level: 1, currency: 'CNY', amount: 4470, reversed: 0, status: 'pending', explanation: {}, availableAt: now, createdAt: now };
    return reply(201, { order: body, commissions: body.referralCode ? [l1] : [], notPaid: [] });
  }
  if (/^\/v1\/orders\/[^/]+\/refunds$/.test(path)) return reply(201, { refund: { ...body, createdAt: now }, reversals: [] });
  if (path === '/v1/sessions') {
    const claims = await verifyIdentityToken(body.identityToken, SECRET).catch(() => null);
    if (!claims || body.key !== PUBLISHABLE) return reply(401, { error: { code: 'unauthorized', message: 'bad token' } });
    return reply(201, { session: 'ses_fake', expiresAt: now, user: claims, distributor: null });
  }
  const me = () => ({
    user: { userId: 'u' }, links: joined ? ['http://shop.test/?ref=MEI01'] : [],
    distributor: joined ? { id: 'd9', code: 'MEI01', parentId: 'd1', status: 'active', grade: 'default' } : null,
    balance: joined ? { currency: 'CNY', pending: 1234, available: 0, paid: 0 } : null,
    program: { levels: 2, joinPolicy: 'open', minWithdrawal: 1000, currency: 'CNY' },
  });
  if (path === '/v1/me' && req.headers.authorization === 'Bearer ses_fake') return reply(200, me());
  if (path === '/v1/me/join' && req.headers.authorization === 'Bearer ses_fake') return (joined = true), reply(200, me());
  reply(404, { error: { code: 'not_found', message: path } });
});

let shop: Awaited<ReturnType<typeof startNodeShop>>;
beforeAll(async () => {
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const api = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  shop = await startNodeShop({ port: 0, api, secretKey: SECRET, publishableKey: PUBLISHABLE });
});
afterAll(async () => {
  await shop.close();
  fake.closeAllConnections();
  fake.close();
});

const jar = new Map<string, string>();
async function request(path: string, form?: Record<string, string>) {
  const res = await fetch(shop.url + path, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  for (const c of res.headers.getSetCookie()) {
    const [pair = ''] = c.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), setCookie: res.headers.getSetCookie() };
}

it('captures ?ref= in a first-party cookie, records the touch and redirects to the clean URL', async () => {
  const landing = await request('/?ref=alice');
  expect(landing.status).toBe(303);
  expect(landing.location).toBe('/');
  expect(jar.get('tt_ref')).toBe('alice');
  expect(jar.get('tt_vid')).toMatch(/^v_[\w-]{16}$/);
  const click = calls.find((c) => c.path === '/v1/track/click');
  expect(click?.body).toMatchObject({ key: PUBLISHABLE, code: 'alice', visitorId: jar.get('tt_vid'), url: `${shop.url}/?ref=alice` });
  expect(click?.auth).toBeUndefined();
  expect((await request('/')).text).toContain('referred by <strong>alice</strong>');
});

it('posts the typed order with the secret key, and refunds by amount', async () => {
  const paid = await request('/checkout', { 'qty:MUG-01': '2', 'qty:KETTLE-GN': '1', 'qty:BEAN-1KG': '0', email: 'd@example.com' });
  const orderId = /^\/orders\/(NS-[0-9A-F]{10})$/.exec(paid.location ?? '')?.[1];
  expect(orderId).toBeDefined();
  const order = calls.find((c) => c.path === '/v1/orders');
  expect(order?.auth).toBe(`Bearer ${SECRET}`);
  expect(order?.origin).toBeUndefined();
  expect(order?.body).toMatchObject({
    id: orderId, currency: 'CNY', referralCode: 'alice', visitorId: jar.get('tt_vid'), customer: { email: 'd@example.com' },
    items: [{ sku: 'MUG-01', category: 'kitchen', quantity: 2, unitPrice: 5900 }, { sku: 'KETTLE-GN', category: 'kitchen', quantity: 1, unitPrice: 32900 }],
  });
  const thanks = await request(`/orders/${orderId}`);
  expect(thanks.text).toContain('¥447.00');
  expect(thanks.text).toContain('L1 ¥44.70');

  await request(`/orders/${orderId}/refund`, { amount: '59.00' });
  expect((await request(`/orders/${orderId}/refund`, { amount: '9999' })).status).toBe(422);
  const refunds = calls.filter((c) => c.path === `/v1/orders/${orderId}/refunds`);
  expect(refunds.map((r) => [r.auth, r.body])).toEqual([[`Bearer ${SECRET}`, { id: `${orderId}-R1`, amount: 5900 }]]);
  expect((await request(`/orders/${orderId}`)).text).toContain('Refunded so far: ¥59.00');
});

it('shows the distributor view from an identity token and joins with the referrer as parent', async () => {
  await request('/login', { name: 'Mei', email: 'mei@example.com' });
  const before = await request('/account');
  expect(before.text).toContain('Join for free');
  const session = calls.filter((c) => c.path === '/v1/sessions').at(-1);
  expect(session?.body).toMatchObject({ key: PUBLISHABLE, visitorId: jar.get('tt_vid') });
  const claims = await verifyIdentityToken(session?.body.identityToken, SECRET);
  expect(claims).toMatchObject({ email: 'mei@example.com', name: 'Mei', userId: expect.stringMatching(/^u_[0-9a-f]{12}$/) });

  await request('/account/join', {});
  expect(calls.find((c) => c.path === '/v1/me/join')?.body).toEqual({ acceptTerms: true, parentCode: 'alice' });
  const after = await request('/account');
  expect(after.text).toContain('http://shop.test/?ref=MEI01');
  expect(after.text).toContain('pending ¥12.34');
  for (const c of calls) if (c.auth?.startsWith('Bearer sk_')) expect(['/v1/orders'].some((p) => c.path.startsWith(p))).toBe(true);
});

it('rejects a forged login cookie', async () => {
  jar.set('ns_user', 'eyJpZCI6ImFkbWluIn0.forged');
  expect((await request('/account')).location).toBe('/login');
});
