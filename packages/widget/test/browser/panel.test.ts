import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium';
import { SHOTS, type FakeState, withFakeStack } from './fake-server';

describe.skipIf(!chromiumAvailable())('the share panel in Chromium', () => {
  let browser: Browser;
  let base: string;
  let state: FakeState;
  withFakeStack((s) => ({ browser, base, state } = s));

  /** Opens a page, collecting console errors and dialogs (an XSS would raise one). */
  const open = async (path: string, viewport = { width: 1280, height: 800 }, colorScheme: 'light' | 'dark' = 'light') => {
    const context = await browser.newContext({ viewport, locale: 'en-US', colorScheme });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(base + path);
    return { page, problems, close: () => context.close() };
  };
  const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  it('works under a strict CSP (nonce, no unsafe-eval, Trusted Types) without a violation', async () => {
    const { page, problems, close } = await open('/p/tea?ref=alice&identify&csp');
    await page.locator('button.launch').click();
    await expect.poll(() => page.locator('svg.qr path').count()).toBe(1);
    await page.getByRole('button', { name: 'Save poster' }).click();
    await page.locator('img.poster').waitFor();
    await page.locator('img.poster').screenshot({ path: join(SHOTS, 'poster-en.png') });
    await page.getByRole('tab', { name: 'Earnings' }).click();
    await page.getByText('Order A-1001').waitFor();
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    // Control: the policy is enforced and the listener hears it (a string-to-HTML sink is refused).
    await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
      } catch {}
    });
    await expect.poll(() => violations(page)).toEqual([expect.stringContaining('require-trusted-types-for')]);
    await close();
  });

  it('renders a hostile distributor name as text', async () => {
    state.displayName = '<img src=x onerror=alert(1)>';
    try {
      const { page, problems, close } = await open('/?ref=alice&csp');
      const launcher = page.locator('button.launch');
      await expect.poll(() => launcher.textContent()).toContain('<img src=x onerror=alert(1)> invited you');
      await launcher.click();
      await page.getByText('<img src=x onerror=alert(1)> invited you').first().waitFor();
      const imgs = await page.evaluate(() => document.querySelector('[data-launcher]')!.shadowRoot!.querySelectorAll('img').length);
      expect(imgs).toBe(0);
      await page.waitForTimeout(200);
      expect(problems).toEqual([]);
      expect(await violations(page)).toEqual([]);
      await close();
    } finally {
      state.displayName = 'Alice Chen';
    }
  });

  it("keeps its layout under the host's `* { all: unset }` and huge fonts", async () => {
    const { page, close } = await open('/p/tea?identify&hostile');
    await page.locator('button.launch').click();
    const sheet = page.locator('dialog.sheet[open]');
    await sheet.waitFor();
    const box = await sheet.boundingBox();
    const style = await page.evaluate(() => {
      const root = document.querySelector('[data-launcher]')!.shadowRoot!;
      const h2 = getComputedStyle(root.querySelector('h2')!);
      const link = getComputedStyle(root.querySelector('.link')!);
      return { h2: h2.fontSize, link: link.fontSize, position: getComputedStyle(root.querySelector('.sheet')!).position };
    });
    expect(style).toEqual({ h2: '17px', link: '13px', position: 'fixed' });
    expect(box!.width).toBe(380);
    expect(box!.x + box!.width).toBe(1280 - 16);
    await page.screenshot({ path: join(SHOTS, 'hostile-css.png') });
    await close();
  });

  it('shows a QR code that decodes to the page link', async () => {
    const { page, close } = await open('/p/tea?identify');
    await page.locator('button.launch').click();
    await page.locator('svg.qr').waitFor();
    const link = (await page.locator('output.link').nth(0).textContent())!;
    expect(link).toBe(`${base}/p/tea?identify=&ref=alice`);
    // Rasterise the SVG in the page through a canvas, then decode the pixels with jsQR.
    const { width, height, data } = await page.evaluate(async () => {
      const svg = document.querySelector('[data-launcher]')!.shadowRoot!.querySelector('svg.qr')!.cloneNode(true) as SVGSVGElement;
      svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
      svg.setAttribute('width', '240');
      svg.setAttribute('height', '240');
      svg.insertAdjacentHTML('afterbegin', '<rect width="100%" height="100%" fill="#fff"/>');
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 240;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0, 240, 240);
      const pixels = ctx.getImageData(0, 0, 240, 240);
      return { width: 240, height: 240, data: Array.from(pixels.data) };
    });
    expect(jsQR(Uint8ClampedArray.from(data), width, height)?.data).toBe(link);
    await close();
  });

  it('requests a withdrawal above the minimum, to an account, after confirming, and refuses one below it', async () => {
    state.accounts = [];
    state.withdrawals = [];
    const { page, close } = await open('/p/tea?identify');
    await page.locator('button.launch').click();
    await page.getByRole('tab', { name: 'Earnings' }).click();
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.getByLabel('PayPal email').fill('alice@example.com');
    await page.getByRole('button', { name: 'Save account' }).click();
    const input = page.getByLabel('Amount to withdraw');
    await input.fill('10');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').waitFor();
    await input.fill('60.50');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Confirm withdrawal of CN¥60.50' }).click();
    await page.getByText('Requested').waitFor();
    expect(state.withdrawals).toEqual([{ amount: 6050, payoutAccountId: 'pay_1' }]);
    await close();
  });

  it('keeps keyboard focus in the modal dialog, closes on Escape and returns focus to the launcher', async () => {
    const { page, close } = await open('/p/tea?identify');
    await page.locator('button.launch').click();
    await page.locator('dialog.sheet[open]').waitFor();
    const where = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-launcher]')!.shadowRoot!;
        const el = root.activeElement;
        return el ? (el.closest('dialog') ? 'dialog' : el.className) : document.activeElement?.tagName ?? 'none';
      });
    expect(await page.evaluate(() => document.querySelector('[data-launcher]')!.shadowRoot!.activeElement?.getAttribute('aria-label'))).toBe('Close');
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      seen.add(await where());
    }
    // The page behind is inert: Tab never leaves the dialog (at most to the browser's own UI, "BODY").
    expect([...seen].filter((s) => s !== 'dialog' && s !== 'BODY')).toEqual([]);
    expect(seen.has('dialog')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.sheet[open]').count()).toBe(0);
    expect(await where()).toMatch(/^launch\b/);
    await close();
  });

  for (const [lang, locale] of [['en', 'en'], ['zh', 'zh-CN']] as const) {
    for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['360', { width: 360, height: 740 }]] as const) {
      it(`screenshots: ${lang}, ${size}`, async () => {
        const { page, close } = await open(`/p/tea?ref=alice&identify&locale=${locale}`, viewport);
        await page.locator('button.launch').click();
        await page.locator('svg.qr').waitFor();
        await page.screenshot({ path: join(SHOTS, `share-${lang}-${size}.png`) });
        await page.getByRole('tab').nth(1).click();
        await page.locator('details').first().waitFor();
        await page.locator('details summary').first().click();
        await page.screenshot({ path: join(SHOTS, `earnings-${lang}-${size}.png`) });
        await page.getByRole('tab').nth(2).click();
        await page.getByText('Bob 王').waitFor();
        await page.screenshot({ path: join(SHOTS, `team-${lang}-${size}.png`) });
        const overflow = await page.evaluate(() => {
          const sheet = document.querySelector('[data-launcher]')!.shadowRoot!.querySelector('.sheet')!;
          return sheet.scrollWidth - sheet.clientWidth;
        });
        expect(overflow).toBe(0);
        await close();
      });
    }
    it(`screenshots: ${lang}, invited visitor`, async () => {
      const { page, close } = await open(`/?ref=alice&locale=${locale}`, { width: 360, height: 740 });
      await page.locator('button.launch').click();
      await page.locator('.note').getByText('WELCOME10').waitFor();
      await page.screenshot({ path: join(SHOTS, `invited-${lang}-360.png`) });
      await close();
    });
  }

  it('mounts inline into [data-twotier-panel] with no launcher', async () => {
    const { page, problems, close } = await open('/p/tea?identify&inline&csp');
    await page.locator('section.inline svg.qr').waitFor();
    expect(await page.locator('button.launch').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelector('[data-twotier-panel] > div')!.shadowRoot!.querySelector('h2')!.textContent)).toBe('Share & earn');
    await page.screenshot({ path: join(SHOTS, 'inline-en-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });

  it('follows a dark colour scheme', async () => {
    const { page, close } = await open('/p/tea?identify', { width: 360, height: 740 }, 'dark');
    await page.locator('button.launch').click();
    await page.locator('svg.qr').waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-launcher]')!.shadowRoot!.querySelector('.sheet')!).backgroundColor);
    expect(bg).toBe('rgb(28, 31, 36)');
    await page.screenshot({ path: join(SHOTS, 'share-en-360-dark.png') });
    await close();
  });
});
