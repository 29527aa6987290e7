import { createHmac, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/node';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, horizontalOverflow, newContext, shoot, signInPage, type LangName, type ViewportName } from './admin/browser-helpers';
import { startSeededDashboard, type DashboardSeed } from './admin/seed-dashboard';
import { shopifyOrder } from './integrations/payloads';

const available = hasChromium();
if (!available) {
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  console.warn(`\n!!!!! SKIPPED: the Integrations page browser test needs Chromium at ${CHROMIUM} !!!!!\n`);
}

const OPERATOR = 'op-integrations-browser';
const SHOPIFY_SECRET = 'shpss_dashboard_test_secret_0123456789';
const file = join(tmpdir(), `twotier-integrations-${randomBytes(5).toString('hex')}.db`);
const clock = { ms: Date.now() };

describe.skipIf(!available)('the Integrations page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let seed: DashboardSeed;
  let base: string;

  const deliver = async (id: number, price: string, webhookId: string) => {
    const body = JSON.stringify(shopifyOrder({ id, currency: 'CNY', taxesIncluded: false, lines: [{ id: 1, sku: 'LJ-250', quantity: 1, price }], totalTax: '0.00' }));
    const res = await fetch(`${base}/v1/integrations/shopify/${seed.shopId}/webhook`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/paid', 'x-shopify-webhook-id': webhookId, 'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64') },
    });
    return res.status;
  };

  beforeAll(async () => {
    ({ server, seed } = await startSeededDashboard(file, clock, OPERATOR));
    base = server.url;
    const put = await fetch(`${base}/v1/integrations/shopify`, { method: 'PUT', headers: { authorization: `Bearer ${seed.sk}`, 'content-type': 'application/json' }, body: JSON.stringify({ webhookSecret: SHOPIFY_SECRET }) });
    expect(put.status).toBe(200);
    expect(await deliver(5_550_001, '199.00', 'wh-dashboard-1')).toBe(200);
    expect(await deliver(5_550_001, '199.00', 'wh-dashboard-2')).toBe(200); // the same order again: a duplicate
    expect(await deliver(5_550_002, '19.999', 'wh-dashboard-3')).toBe(422); // refused: not an exact CNY amount
    // the error is kept with its code and parameters, for the dashboard to say in the reader's language
    const events = await (await fetch(`${base}/v1/integrations/shopify/events`, { headers: { authorization: `Bearer ${seed.sk}` } })).json();
    const failed = events.data.find((e: { eventId: string }) => e.eventId === 'wh-dashboard-3');
    expect(failed).toMatchObject({ outcome: 'error', errorCode: 'invalid_amount', errorParams: { value: '19.999', currency: 'CNY' } });
    expect(failed.error).toContain('not an exact CNY amount');
    // events stored before codes were kept: only their English text, `code: message` (a known code is still translated) or anything else
    const old = (platform: string, eventId: string, error: string) => ({ shop_id: seed.shopId, platform, event_id: eventId, topic: 'order.updated', outcome: 'error', order_id: null, error, result: '{}', attempts: 1, received_at: clock.ms - 60_000 });
    await server.db.kysely
      .insertInto('integration_events' as never)
      .values([old('woocommerce', 'wc-old-1', 'not_found: order wc-9 not found'), old('stripe', 'evt_old_1', 'the old server said this')] as never)
      .execute();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  it('sets a platform up from the page: the secret saved, the webhook URL copied', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    await page.locator('nav.sidenav a', { hasText: 'Integrations' }).click();
    await page.locator('[data-testid=status-woocommerce]').waitFor();
    await expect(page.locator('[data-testid=status-woocommerce]').textContent()).resolves.toContain('Not configured yet');
    const woo = page.locator('section.integration', { has: page.locator('h2', { hasText: 'WooCommerce' }) });
    await woo.locator('input[name=woocommerce-secret]').fill('a WooCommerce secret');
    await woo.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[data-testid=status-woocommerce]').textContent()).toContain('Configured');
    const url = `${base}/v1/integrations/woocommerce/${seed.shopId}/webhook`;
    await expect(woo.locator('[data-testid=webhook-url]').textContent()).resolves.toBe(url);
    await woo.locator('.copy-row button').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // the secret was saved, and is never shown again
    const status = await (await fetch(`${base}/v1/integrations`, { headers: { authorization: `Bearer ${seed.sk}` } })).json();
    expect(status.data.find((p: any) => p.platform === 'woocommerce').configured).toBe(true);
    expect(await page.content()).not.toContain('a WooCommerce secret');
    await context.close();
  }, 60_000);

  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    for (const lang of ['en', 'zh-CN'] as LangName[]) {
      it(`shows each platform's status, URL and recent events with the last error in words (${lang}, ${viewport})`, async () => {
        const context = await newContext(browser, viewport, lang);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await signInPage(page, base, seed.email, seed.password);
        await page.goto(`${base}/admin/integrations`);
        await page.locator('[data-testid=events-shopify] tbody tr').nth(2).waitFor();
        await page.waitForLoadState('networkidle');
        await expect(page.locator('main h1').textContent()).resolves.toBe(lang === 'en' ? 'Integrations' : '平台对接');
        // the reason in the page's language, from the stored code and parameters; never the server's English in zh-CN
        const lastError = (await page.locator('[data-testid=last-error-shopify]').textContent()) ?? '';
        expect(lastError).toContain(lang === 'en' ? 'An amount could not be read as money' : '有一个金额无法读取');
        expect(lastError).toContain(lang === 'en' ? 'value: 19.999' : '值：19.999');
        expect(lastError).not.toContain(lang === 'en' ? '值' : 'not an exact');
        const reasons = await page.locator('[data-testid=events-shopify] tbody td:nth-child(5)').allTextContents();
        expect(reasons.filter(Boolean)).toHaveLength(1);
        expect(reasons.join('')).toContain(lang === 'en' ? 'An amount could not be read as money' : '有一个金额无法读取');
        // events stored before codes were kept: a known code in the page's language, anything else as it was written
        await expect(page.locator('[data-testid=last-error-woocommerce]').textContent()).resolves.toContain(lang === 'en' ? 'Order wc-9 was not found' : '找不到订单 wc-9');
        await expect(page.locator('[data-testid=last-error-stripe]').textContent()).resolves.toContain('the old server said this');
        const outcomes = await page.locator('[data-testid=events-shopify] tbody td:nth-child(3)').allTextContents();
        expect(outcomes.sort()).toEqual(lang === 'en' ? ['failed', 'order recorded', 'seen before'] : ['失败', '已记录订单', '重复（已处理过）']);
        await expect(page.locator('section.integration [data-testid=webhook-url]').first().textContent()).resolves.toBe(`${base}/v1/integrations/shopify/${seed.shopId}/webhook`);
        await shoot(page, 'integrations', lang, viewport);
        expect(await horizontalOverflow(page), 'the page overflows horizontally').toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await context.close();
      }, 60_000);
    }
  }
});
