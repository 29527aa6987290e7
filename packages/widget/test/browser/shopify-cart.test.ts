import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launch } from './chromium';

const DIST = join(import.meta.dirname, '../../dist');

/** One storefront cart, as Shopify's Ajax Cart API keeps it. */
interface Cart {
  token: string;
  attributes: Record<string, string>;
  items: { variant_id: number; quantity: number }[];
}

/**
 * A storefront that serves the Ajax Cart endpoints as Shopify documents them:
 * `GET /cart.js` (the cart as JSON), `POST /cart/add.js`, `POST /cart/update.js`
 * (JSON or form body; `attributes` are merged, an empty value deletes one) and
 * the `cart` cookie holding the cart's token, created on the first write. A
 * page sets `window.Shopify` (`shop`, `routes.root`) as themes do, unless
 * `?plain` asks for a shop that is not on Shopify.
 */
async function startStorefront() {
  const carts = new Map<string, Cart>();
  const updates: { cart: string; attributes: Record<string, string> }[] = [];
  const paths: string[] = [];
  let tokens = 0;
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c));
      req.on('end', () => resolve(s));
    });
  const cartOf = (req: IncomingMessage): { cart: Cart; setCookie: Record<string, string> } => {
    const token = /(?:^|;\s*)cart=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
    if (token && carts.has(token)) return { cart: carts.get(token)!, setCookie: {} };
    const cart: Cart = { token: `c1-${++tokens}abcdef`, attributes: {}, items: [] };
    carts.set(cart.token, cart);
    return { cart, setCookie: { 'set-cookie': `cart=${cart.token}; path=/; SameSite=Lax` } };
  };
  const view = (c: Cart) => ({ token: c.token, note: null, attributes: c.attributes, item_count: c.items.reduce((a, i) => a + i.quantity, 0), items: c.items, currency: 'CNY', requires_shipping: true });
  const page = (shopify: boolean) => `<!doctype html><html><head><meta charset="utf-8"><title>Lanxi Tea</title>
${shopify ? `<script>window.Shopify = window.Shopify || {}; Shopify.shop = "lanxi-tea.myshopify.com"; Shopify.routes = Shopify.routes || {}; Shopify.routes.root = "/";</script>` : ''}
<script>window.twotier = window.twotier || function () { (twotier.q = twotier.q || []).push(arguments); };
twotier('ready', (t) => { window.__referral = t.referral; });</script>
<script async src="/twotier.js" data-key="pk_test_12345678"></script></head><body><h1>Longjing</h1></body></html>`;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://storefront');
    const p = url.pathname;
    paths.push(p);
    if (p === '/twotier.js' || /^\/(track|panel|poster|shopify)-\w+\.js$/.test(p)) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(readFileSync(join(DIST, p.slice(1))));
    }
    if (p === '/v1/track/click') {
      await read(req);
      return json(res, 202, { accepted: true, duplicate: false });
    }
    if (p === '/cart.js') {
      const { cart, setCookie } = cartOf(req);
      return json(res, 200, view(cart), setCookie);
    }
    if (p === '/cart/add.js' && req.method === 'POST') {
      const { cart, setCookie } = cartOf(req);
      const body = JSON.parse(await read(req)) as { items: { id: number; quantity: number }[] };
      for (const i of body.items) cart.items.push({ variant_id: i.id, quantity: i.quantity });
      return json(res, 200, { items: body.items }, setCookie);
    }
    if (p === '/cart/update.js' && req.method === 'POST') {
      const { cart, setCookie } = cartOf(req);
      const text = await read(req);
      const attributes: Record<string, string> = {};
      if ((req.headers['content-type'] ?? '').includes('json')) Object.assign(attributes, (JSON.parse(text) as { attributes?: Record<string, string> }).attributes);
      else for (const [k, v] of new URLSearchParams(text)) if (/^attributes\[(.+)\]$/.test(k)) attributes[/^attributes\[(.+)\]$/.exec(k)![1]!] = v;
      for (const [k, v] of Object.entries(attributes)) {
        if (v === '') delete cart.attributes[k];
        else cart.attributes[k] = v;
      }
      updates.push({ cart: cart.token, attributes });
      return json(res, 200, view(cart), setCookie);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(!url.searchParams.has('plain')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, carts, updates, paths };
}

describe.skipIf(!chromiumAvailable())('the tag on a Shopify storefront, in Chromium', () => {
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof startStorefront>>;

  beforeAll(async () => {
    shop = await startStorefront();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    shop?.server.close();
  });

  const referralOf = async (page: import('playwright-core').Page) => {
    await page.waitForFunction(() => (window as unknown as { __referral?: { visitorId: string | null } }).__referral?.visitorId);
    return page.evaluate(() => (window as unknown as { __referral: { code: string; visitorId: string } }).__referral);
  };

  it('writes the referral and visitor id into the cart attributes once per change, so the order carries them', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${shop.base}/products/longjing?ref=alice`);
    const referral = await referralOf(page);
    await expect.poll(() => shop.updates.length).toBe(1);
    expect(shop.updates[0]!.attributes).toEqual({ twotier_ref: 'alice', twotier_visitor: referral.visitorId });
    // the cart the checkout will read (Shopify turns cart attributes into the order's note_attributes)
    const cart = await page.evaluate(() => fetch('/cart.js').then((r) => r.json()));
    expect(cart.attributes).toEqual({ twotier_ref: 'alice', twotier_visitor: referral.visitorId });
    await page.evaluate(() => fetch('/cart/add.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ id: 808950810, quantity: 2 }] }) }));

    // browsing on, reloading, a second tab: nothing changed, nothing written
    await page.goto(`${shop.base}/collections/tea`);
    await referralOf(page);
    await page.reload();
    await referralOf(page);
    const tab = await context.newPage();
    await tab.goto(`${shop.base}/cart`);
    await referralOf(tab);
    await tab.waitForTimeout(300);
    expect(shop.updates).toHaveLength(1);

    // another distributor's link: the cart follows the change
    await page.goto(`${shop.base}/products/longjing?ref=bob`);
    await expect.poll(() => shop.updates.length).toBe(2);
    expect(shop.updates[1]).toEqual({ cart: shop.updates[0]!.cart, attributes: { twotier_ref: 'bob', twotier_visitor: referral.visitorId } });
    const after = await page.evaluate(() => fetch('/cart.js').then((r) => r.json()));
    expect([after.attributes.twotier_ref, after.item_count]).toEqual(['bob', 2]);

    // after a checkout Shopify starts a new cart: it gets the referral too
    await context.clearCookies({ name: 'cart' });
    await page.goto(`${shop.base}/`);
    await expect.poll(() => shop.updates.length).toBe(3);
    expect(shop.updates[2]!.cart).not.toBe(shop.updates[0]!.cart);
    expect(shop.updates[2]!.attributes).toEqual({ twotier_ref: 'bob', twotier_visitor: referral.visitorId });
    await context.close();
  });

  it('on a shop that is not on Shopify, the Shopify chunk is never loaded and the cart never written', async () => {
    const before = shop.updates.length;
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${shop.base}/products/longjing?ref=alice&plain`);
    await referralOf(page);
    await page.waitForTimeout(300);
    expect(requested.some((p) => p.startsWith('/shopify-'))).toBe(false);
    expect(requested).not.toContain('/cart/update.js');
    expect(shop.updates).toHaveLength(before);
    await context.close();
  });
});
