#!/usr/bin/env node
/**
 * Walks the shop in Chromium at desktop and phone width and saves a
 * screenshot of every page into ./screenshots (not committed).
 *   CHROMIUM=/usr/bin/chromium node scripts/screenshots.mjs
 * Without TWOTIER_* variables the shop runs on its own (no tag in pages);
 * with them (and PORT matching an allowed origin) the pages carry the real tag.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startShop } from '../src/server.mjs';

const out = fileURLToPath(new URL('../screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const shop = await startShop({
  // With the real tag, the shop's origin must be one twotier allows: set PORT to match it.
  port: Number(process.env.PORT ?? 0),
  api: process.env.TWOTIER_API ?? 'http://127.0.0.1:8787',
  publishableKey: process.env.TWOTIER_PUBLISHABLE_KEY,
  secretKey: process.env.TWOTIER_SECRET_KEY,
  users: [{ email: 'owner@lanxi.test', name: 'Owner', password: 'owner-password', admin: true }],
});
// A second shop that asks for consent, to show its cookie banner.
const strict = await startShop({ port: 0, api: 'http://127.0.0.1:9', publishableKey: 'pk_screenshot_only', consent: 'required' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } };
try {
  for (const [label, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: label === 'phone' ? 2 : 1 });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[${label}] page error:`, e.message));
    const shot = async (/** @type {string} */ name) => {
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${out}${label}-${name}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) console.warn(`[${label}] ${name}: ${overflow}px wider than the viewport`);
    };
    await page.goto(shop.url + '/');
    await shot('01-home');
    await page.click('a.product-card >> nth=0');
    await page.fill('input[name=quantity]', '2');
    await page.click('button:has-text("Add to cart")');
    await shot('02-product');
    await page.goto(shop.url + '/products/celadon-gaiwan');
    await page.click('button:has-text("Add to cart")');
    await page.goto(shop.url + '/cart');
    await page.waitForSelector('.cart-line');
    await shot('03-cart');
    await page.goto(shop.url + '/signup?next=/checkout');
    await shot('04-signup');
    await page.fill('input[name=name]', 'Mei Lin');
    await page.fill('input[name=email]', `mei-${label}@example.com`);
    await page.fill('input[name=password]', 'longjing-2026');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-checkout-summary] table');
    await page.fill('input[name=phone]', '138 0000 0000');
    await page.selectOption('select[name=region]', 'CN-SH');
    await page.fill('textarea[name=address]', '1 Nanjing Road, Huangpu');
    await shot('05-checkout');
    await page.click('button:has-text("Continue to payment")');
    await page.waitForURL(/\/pay\//);
    await shot('06-pay');
    await page.click('[data-pay]');
    await page.waitForURL(/\/thanks\//);
    await shot('07-thanks');
    const orderId = await page.getAttribute('[data-order-id]', 'data-order-id');
    await page.goto(shop.url + '/account');
    await shot('08-account');
    await page.click('button:has-text("Log out")');
    await page.goto(shop.url + '/login');
    await page.fill('input[name=email]', 'owner@lanxi.test');
    await page.fill('input[name=password]', 'owner-password');
    await page.click('button[type=submit]');
    await page.goto(shop.url + '/admin');
    await shot('09-admin-orders');
    await page.goto(`${shop.url}/admin/orders/${orderId}`);
    await page.fill('input[name=amount]', '20.50');
    await page.click('[data-refund-amount]');
    await page.waitForURL(/refunded=/);
    await shot('10-admin-refund');
    await page.goto(strict.url + '/');
    await page.waitForSelector('[data-consent-banner]:not([hidden])');
    await page.screenshot({ path: `${out}${label}-11-consent.png` });
    await context.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await shop.close();
  await strict.close();
}
