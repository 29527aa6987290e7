import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTokenKey } from '@twotier/sdk/server';
import { jwtVerify } from 'jose';

/** Reads an identity token as any JWT library does (HS256 under the shop's identity key). */
const verifyIdentityToken = async (token: string, secretKey: string) =>
  (await jwtVerify<{ userId: string; email?: string; name?: string; exp: number }>(token, await identityTokenKey(secretKey), { algorithms: ['HS256'] })).payload;
import { orderCreateSchema } from '@twotier/core/schema';
import { startShop } from '../src/server.mjs';
import { startFakeTwotier } from './fake-twotier';

const SECRET = 'sk_test_shop_secret_0001';
const PUBLISHABLE = 'pk_test_shop_pub_0001';
const VISITOR = 'v_Zx81kQp0aa77';

let fake: Awaited<ReturnType<typeof startFakeTwotier>>;
let shop: Awaited<ReturnType<typeof startShop>>;
const pages: string[] = [];

/** A tiny browser: keeps cookies, never follows redirects, remembers every page it saw. */
function browser() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    async get(path: string) {
      const res = await fetch(shop.url + path, { headers: { cookie: cookie() }, redirect: 'manual' });
      const text = await res.text();
      pages.push(text);
      return { status: res.status, text, location: res.headers.get('location') };
    },
    async post(path: string, form: Record<string, string>) {
      const res = await fetch(shop.url + path, {
        method: 'POST',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
        redirect: 'manual',
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, v] = (pair ?? '').split('=');
        if (k) jar.set(k, v ?? '');
      }
      const text = await res.text();
      pages.push(text);
      return { status: res.status, text, location: res.headers.get('location') ?? '' };
    },
  };
}

const checkoutForm = (extra: Record<string, string> = {}) => ({
  cart: JSON.stringify([{ sku: 'TEA-LJ-50', quantity: 2, unitPrice: 1 }, { sku: 'WARE-GAIWAN', quantity: 1 }]),
  name: 'Mei Lin',
  email: 'mei@example.com',
  phone: '138 0000 0000',
  region: 'CN-SH',
  address: '1 Nanjing Road',
  ...extra,
});

const ordersPosted = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/orders');

beforeAll(async () => {
  fake = await startFakeTwotier();
  shop = await startShop({
    port: 0,
    api: fake.url,
    publishableKey: PUBLISHABLE,
    secretKey: SECRET,
    users: [{ email: 'owner@lanxi.test', name: 'Owner', password: 'owner-password', admin: true }],
  });
});
afterAll(async () => {
  await shop.close();
  await fake.close();
});

describe('the shop backend against a twotier API', () => {
  it('pastes the tag with the publishable key only', async () => {
    const home = await browser().get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain(`<script async src="${fake.url}/twotier.js" data-key="${PUBLISHABLE}"></script>`);
    expect(home.text).not.toContain("twotier('identify'");
    expect((await browser().get('/checkout')).text).toMatch(/<form [^>]*data-twotier/);
  });

  it('posts the paid order once, with the secret key, catalogue prices and the tag’s hidden inputs', async () => {
    const mei = browser();
    const signup = await mei.post('/signup', { name: 'Mei Lin', email: 'mei@example.com', password: 'longjing-2026' });
    expect(signup.status).toBe(303);
    const account = await mei.get('/account');
    const token = /twotier\('identify', "([^"]+)"\)/.exec(account.text)?.[1];
    expect(token).toBeDefined();
    const claims = await verifyIdentityToken(token as string, SECRET);
    const userId = claims.userId;
    expect(claims).toMatchObject({ email: 'mei@example.com', name: 'Mei Lin' });

    const checkout = await mei.post('/checkout', checkoutForm({ twotier_vid: VISITOR, twotier_ref: 'carol_01' }));
    expect(checkout.status).toBe(303);
    const orderId = /^\/pay\/(LX-\d{8}-[A-Z2-9]{6})$/.exec(checkout.location)?.[1] as string;
    expect(orderId).toBeDefined();
    expect(ordersPosted()).toHaveLength(0); // nothing is sent before payment

    expect((await mei.get(`/pay/${orderId}`)).text).toContain('Pay ¥424.00');
    const paid = await mei.post(`/pay/${orderId}`, { card: '4242' });
    expect(paid.location).toBe(`/thanks/${orderId}`);
    await mei.post(`/pay/${orderId}`, { card: '4242' }); // a double click

    const posted = ordersPosted();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(posted[0]?.headers['content-type']).toMatch(/^application\/json/);
    const body = posted[0]?.body as Record<string, unknown>;
    expect(body).toEqual({
      id: orderId,
      currency: 'CNY',
      items: [
        { sku: 'TEA-LJ-50', category: 'tea', quantity: 2, unitPrice: 16_800 },
        { sku: 'WARE-GAIWAN', category: 'teaware', quantity: 1, unitPrice: 8_800 },
      ],
      customer: { id: userId, email: 'mei@example.com' },
      region: 'CN-SH',
      visitorId: VISITOR,
      referralCode: 'carol_01',
      placedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(orderCreateSchema.safeParse(body).success).toBe(true);

    const thanks = await mei.get(`/thanks/${orderId}`);
    expect(thanks.text).toContain('data-clear-cart');
    expect(thanks.text).toContain(orderId);
    expect((await mei.get('/account')).text).toContain(orderId);
  });

  it('falls back to the tag’s first-party cookies when the hidden inputs are missing', async () => {
    const guest = browser();
    guest.jar.set('tt_vid', 'v_cookieVisitor01');
    guest.jar.set('tt_ref', 'bob');
    const { location } = await guest.post('/checkout', checkoutForm({ email: 'guest@example.com' }));
    await guest.post(location, {});
    const body = ordersPosted().at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ visitorId: 'v_cookieVisitor01', referralCode: 'bob', customer: { email: 'guest@example.com' } });
  });

  it('refuses a bad checkout with the form kept and nothing created', async () => {
    const guest = browser();
    const empty = await guest.post('/checkout', checkoutForm({ cart: '[]' }));
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Your cart is empty.');
    const badEmail = await guest.post('/checkout', checkoutForm({ email: 'nope' }));
    expect(badEmail.status).toBe(422);
    expect(badEmail.text).toContain('Please enter a valid email address.');
    expect(badEmail.text).toContain('>1 Nanjing Road</textarea>');
    expect(shop.services.orders.list().filter((o) => o.customer.email === 'nope')).toHaveLength(0);
  });

  it('lets the admin refund by items, by amount and in full, each posted to twotier', async () => {
    const customer = browser();
    const { location } = await customer.post('/checkout', checkoutForm({ twotier_vid: VISITOR, twotier_ref: 'carol_01' }));
    const orderId = location.slice('/pay/'.length);
    await customer.post(location, {});

    expect((await customer.get(`/admin/orders/${orderId}`)).location).toMatch(/^\/login\?next=/);
    const owner = browser();
    await owner.post('/login', { email: 'owner@lanxi.test', password: 'owner-password' });
    const page = await owner.get(`/admin/orders/${orderId}`);
    expect(page.text).toContain('commission ¥63.60'); // fake: 10 % + 5 % of ¥424.00

    const refunds = () => fake.requests.filter((r) => r.path === `/v1/orders/${orderId}/refunds`);
    await owner.post(`/admin/orders/${orderId}/refund`, { kind: 'items', 'qty:TEA-LJ-50': '1', 'qty:WARE-GAIWAN': '0' });
    await owner.post(`/admin/orders/${orderId}/refund`, { kind: 'amount', amount: '20.50' });
    const tooMuch = await owner.post(`/admin/orders/${orderId}/refund`, { kind: 'amount', amount: '9999' });
    expect(tooMuch.status).toBe(422);
    await owner.post(`/admin/orders/${orderId}/refund`, { kind: 'full' });
    expect(refunds().map((r) => r.body)).toEqual([
      { id: `${orderId}-R1`, items: [{ sku: 'TEA-LJ-50', quantity: 1 }] },
      { id: `${orderId}-R2`, amount: 2050 },
      { id: `${orderId}-R3`, amount: 42_400 - 16_800 - 2050 },
    ]);
    for (const r of refunds()) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect((await owner.post(`/admin/orders/${orderId}/refund`, { kind: 'full' })).status).toBe(422);
    expect((await owner.get('/admin')).text).toContain('refunded');
  });

  it('keeps the sale when twotier is down, and the admin can send it again', async () => {
    fake.failNext(3); // the first try and both retries
    const guest = browser();
    const { location } = await guest.post('/checkout', checkoutForm());
    const orderId = location.slice('/pay/'.length);
    expect((await guest.post(location, {})).location).toBe(`/thanks/${orderId}`);
    expect(shop.services.orders.get(orderId)).toMatchObject({ status: 'paid', twotier: { status: 'failed' } });

    const owner = browser();
    await owner.post('/login', { email: 'owner@lanxi.test', password: 'owner-password' });
    expect((await owner.get(`/admin/orders/${orderId}`)).text).toContain('Send to twotier again');
    await owner.post(`/admin/orders/${orderId}/resend`, {});
    expect(shop.services.orders.get(orderId)?.twotier?.status).toBe('sent');
  });

  it('keeps staff pages to staff', async () => {
    const mei = browser();
    await mei.post('/login', { email: 'mei@example.com', password: 'longjing-2026' });
    expect((await mei.get('/admin')).status).toBe(403);
    expect((await mei.post('/login', { email: 'mei@example.com', password: 'nope' })).status).toBe(401);
  });

  it('asks for consent through the shop’s banner when configured', async () => {
    const strict = await startShop({ port: 0, api: fake.url, publishableKey: PUBLISHABLE, secretKey: SECRET, consent: 'required' });
    const html = await (await fetch(strict.url)).text();
    await strict.close();
    expect(html).toContain(`data-key="${PUBLISHABLE}" data-consent="required"></script>`);
    expect(html).toContain('data-consent-banner hidden');
    expect((await browser().get('/')).text).not.toContain('data-consent');
  });

  it('uses only input patterns browsers can compile (HTML compiles them with the v flag)', async () => {
    await browser().get('/checkout');
    const patterns = new Set(pages.flatMap((page) => [...page.matchAll(/pattern="([^"]*)"/g)].map((m) => m[1] ?? '')));
    expect(patterns.size).toBeGreaterThan(0);
    for (const p of patterns) {
      const source = p.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(() => new RegExp(`^(?:${source})$`, 'v'), source).not.toThrow();
    }
    expect(/^(?:[0-9 +\-]{6,20})$/v.test('138 0000-0000')).toBe(true);
  });

  it('never puts the secret key in a page', () => {
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) {
      expect(page).not.toContain(SECRET);
      expect(page).not.toMatch(/sk_[A-Za-z0-9_]/);
    }
  });
});
