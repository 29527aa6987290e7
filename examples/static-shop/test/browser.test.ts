import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { identityTokenKey } from '@twotier/sdk/server';
import { jwtVerify } from 'jose';

/** Reads an identity token as any JWT library does (HS256 under the shop's identity key). */
const verifyIdentityToken = async (token: string, secretKey: string) =>
  (await jwtVerify<{ userId: string; email?: string; name?: string; exp: number }>(token, await identityTokenKey(secretKey), { algorithms: ['HS256'] })).payload;
import { startShop } from '../src/server.mjs';
import { startFakeTwotier } from './fake-twotier';

const SECRET = 'sk_test_shop_secret_0001';
let fake: Awaited<ReturnType<typeof startFakeTwotier>>;
let shop: Awaited<ReturnType<typeof startShop>>;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  fake = await startFakeTwotier();
  shop = await startShop({ port: 0, api: fake.url, publishableKey: 'pk_test_shop_pub_0001', secretKey: SECRET });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await fake?.close();
});

const text = (selector: string) => page.locator(selector).first().innerText();

it('keeps its cart in localStorage and prices it in integer fen, as the backend will', async () => {
  await page.goto(`${shop.url}/?ref=carol_01`);
  await page.goto(`${shop.url}/products/west-lake-longjing`);
  await page.fill('input[name=quantity]', '2');
  await page.click('form[data-add-to-cart] button');
  await expect.poll(() => text('[data-cart-count]')).toBe('2');
  await page.goto(`${shop.url}/products/celadon-gaiwan`);
  await page.click('form[data-add-to-cart] button');
  expect(await page.evaluate(() => localStorage.getItem('lanxi.cart'))).toBe('[{"sku":"TEA-LJ-50","quantity":2},{"sku":"WARE-GAIWAN","quantity":1}]');

  await page.goto(`${shop.url}/cart`);
  await page.waitForSelector('.cart-line');
  expect(await text('[data-total]')).toBe('¥424.00');
  await page.click('.cart-line[data-sku="TEA-LJ-50"] [data-step="1"]');
  await expect.poll(() => text('[data-total]')).toBe('¥592.00');
  await page.click('.cart-line[data-sku="TEA-LJ-50"] [data-step="-1"]');
  await expect.poll(() => text('[data-total]')).toBe('¥424.00');
  await page.click('.cart-line[data-sku="TEA-LJ-50"] [data-remove]');
  // ¥88.00 is under ¥199.00: ¥10.00 shipping.
  await expect.poll(() => text('[data-total]')).toBe('¥98.00');
  expect(await text('[data-cart-count]')).toBe('1');
}, 30_000);

it('tells the tag who a logged-in user is with a token its backend signed', async () => {
  await page.goto(`${shop.url}/signup`);
  await page.fill('input[name=name]', 'Mei Lin');
  await page.fill('input[name=email]', 'mei@example.com');
  await page.fill('input[name=password]', 'longjing-2026');
  await page.click('form button[type=submit]');
  await page.waitForURL(/\/account$/);
  await page.waitForFunction(() => Array.isArray((window as unknown as { twotier: { calls?: unknown } }).twotier.calls));
  const calls = await page.evaluate(() => {
    const tt = (window as unknown as { twotier: { calls: unknown[][]; key: string } }).twotier;
    return { key: tt.key, calls: tt.calls };
  });
  expect(calls.key).toBe('pk_test_shop_pub_0001');
  const identify = calls.calls.find((c) => c[0] === 'identify');
  const claims = await verifyIdentityToken(String(identify?.[1]), SECRET);
  expect(claims).toMatchObject({ email: 'mei@example.com', name: 'Mei Lin' });
  expect(await page.locator('[data-twotier-panel]').count()).toBe(1);
}, 30_000);

it('checks out with the tag’s hidden inputs, pays, posts the order and empties the cart', async () => {
  await page.goto(`${shop.url}/checkout`);
  await page.waitForSelector('[data-checkout-summary] [data-total]');
  expect(await text('[data-checkout-summary] [data-total]')).toBe('¥98.00');
  expect(await page.inputValue('input[name=twotier_vid]')).toBe('v_browserVisitor01');
  expect(await page.inputValue('input[name=twotier_ref]')).toBe('carol_01');
  await page.fill('input[name=phone]', '138 0000 0000');
  await page.fill('textarea[name=address]', '1 Nanjing Road');
  await page.click('form[data-checkout-form] button[type=submit]');
  await page.waitForURL(/\/pay\//);
  expect(await text('[data-pay]')).toBe('Pay ¥98.00');
  await page.click('[data-pay]');
  await page.waitForURL(/\/thanks\//);
  const orderId = await page.getAttribute('[data-order-id]', 'data-order-id');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('lanxi.cart'))).toBe('[]');
  expect(await page.locator('[data-cart-count]').isHidden()).toBe(true);

  const posted = fake.requests.filter((r) => r.path === '/v1/orders');
  expect(posted).toHaveLength(1);
  expect(posted[0]?.body).toMatchObject({
    id: orderId,
    items: [{ sku: 'WARE-GAIWAN', category: 'teaware', quantity: 1, unitPrice: 8_800 }],
    shipping: 1_000,
    visitorId: 'v_browserVisitor01',
    referralCode: 'carol_01',
    customer: { email: 'mei@example.com' },
  });
  expect(errors).toEqual([]);
}, 30_000);
