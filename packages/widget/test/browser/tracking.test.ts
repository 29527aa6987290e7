import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launch } from './chromium';
import { startFakeServer, type FakeState } from './fake-server';

describe.skipIf(!chromiumAvailable())('the tag in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let state: FakeState;

  beforeAll(async () => {
    ({ server, url: base, state } = await startFakeServer());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('keeps the referral across a reload and in a new tab', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/p/tea?ref=alice`);
    await expect.poll(() => state.clicks.length).toBe(1);
    const first = await page.waitForFunction(() => (window as unknown as { __referral?: { code: string } }).__referral?.code).then(() =>
      page.evaluate(() => (window as unknown as { __referral: { code: string; visitorId: string } }).__referral),
    );
    expect(first.code).toBe('alice');
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __referral?: { code: string } }).__referral?.code === 'alice');
    const tab = await context.newPage();
    await tab.goto(`${base}/cart`);
    const again = await tab.waitForFunction(() => (window as unknown as { __referral?: { code: string } }).__referral?.code).then(() =>
      tab.evaluate(() => (window as unknown as { __referral: { code: string; visitorId: string } }).__referral),
    );
    expect(again).toEqual(first);
    // The form on the page carries the visitor to the checkout.
    expect(await tab.locator('input[name=twotier_vid]').inputValue()).toBe(first.visitorId);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'tt_ref')).toMatchObject({ value: 'alice', sameSite: 'Lax' });
    // Reloads and the new tab sent no second touch.
    expect(state.clicks).toHaveLength(1);
    await context.close();
  });

  it('makes no request at all on a page without a referral or panel', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const own = () => requests.filter((p) => p !== '/favicon.ico');
    await page.goto(`${base}/about`);
    await page.waitForFunction(() => (window as unknown as { __referral?: unknown }).__referral !== undefined);
    await page.waitForTimeout(300);
    expect(own()).toEqual(['/about', '/twotier.js']);
    await context.close();
  });

  it('works from the tracking server\'s own origin on a shop of another origin', async () => {
    const api = await startFakeServer('localhost');
    try {
      const before = state.clicks.length;
      const context = await browser.newContext();
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.goto(`${base}/p/tea?ref=alice&identify&tag=${encodeURIComponent(api.url)}`);
      // The touch goes to the tag's origin (data-api defaults to it); the referral stays first-party on the shop.
      await expect.poll(() => api.state.clicks.length).toBe(1);
      expect(state.clicks).toHaveLength(before);
      expect((await context.cookies(base)).find((c) => c.name === 'tt_ref')?.value).toBe('alice');
      // The panel chunk is imported cross-origin and talks to the API with CORS.
      await page.locator('button.launch').click();
      await page.locator('svg.qr').waitFor();
      await context.close();
    } finally {
      api.server.close();
    }
  });
});
