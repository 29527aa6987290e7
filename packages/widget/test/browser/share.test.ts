import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium';
import { SHOTS, type FakeState, withFakeStack } from './fake-server';

/** WeChat's in-app browser on an iPhone, and Chrome on Android. */
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The decoded pixels of an `<img>` in the panel's shadow root. */
const imagePixels = (page: Page, selector: string) =>
  page.evaluate(async (sel) => {
    const img = document.querySelector('[data-launcher]')!.shadowRoot!.querySelector(sel) as HTMLImageElement;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    // As base64: a list of four million numbers takes long to cross to Node.
    const bytes = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: canvas.width, height: canvas.height, b64: btoa(bin) };
  }, selector).then(({ width, height, b64 }) => ({ width, height, data: Uint8ClampedArray.from(Buffer.from(b64, 'base64')) }));

type Pixels = Awaited<ReturnType<typeof imagePixels>>;
const at = (p: Pixels, x: number, y: number) => [...p.data.slice((y * p.width + x) * 4, (y * p.width + x) * 4 + 3)];
/** How many pixels of a region are close to `rgb` (JPEG blurs edges a little). */
const count = (p: Pixels, [x0, y0, x1, y1]: number[], rgb: number[]) => {
  let n = 0;
  for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) if (at(p, x, y).every((v, i) => Math.abs(v - rgb[i]!) < 40)) n++;
  return n;
};
const GREEN = [0x16, 0xa3, 0x4a];
const PRICE = [0xc2, 0x41, 0x0c];

describe.skipIf(!chromiumAvailable())('sharing from a phone, in WeChat and out of it (390 px)', () => {
  let browser: Browser;
  let base: string;
  let state: FakeState;
  withFakeStack((s) => ({ browser, base, state } = s));

  const open = async (path: string, ua: string, locale: 'zh-CN' | 'en-US') => {
    const context = await browser.newContext({ ...PHONE, userAgent: ua, locale, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(base + path);
    return { page, problems, close: () => context.close() };
  };
  const panel = (page: Page) => page.locator('[data-launcher] .sheet');
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });
  /** The poster itself, full size, as the distributor saves it (as PNG, to look at). */
  const savePoster = async (page: Page, selector: string, name: string) => {
    const png = await page.evaluate((sel) => {
      const img = document.querySelector('[data-launcher]')!.shadowRoot!.querySelector(sel) as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')!.drawImage(img, 0, 0);
      return canvas.toDataURL('image/png');
    }, selector);
    writeFileSync(join(SHOTS, name), Buffer.from(png.split(',')[1]!, 'base64'));
  };

  /** Makes the poster and checks it: the QR code decodes to `link`, the picture is `colour` edge to edge, the price is drawn. */
  const checkPoster = async (page: Page, link: string, { price = true, picture = GREEN, centre = true }: { price?: boolean | null; picture?: number[]; centre?: boolean } = {}) => {
    const pixels = await imagePixels(page, 'img.poster');
    expect([pixels.width, pixels.height]).toEqual([750, 1334]);
    expect(jsQR(pixels.data, pixels.width, pixels.height)?.data).toBe(link);
    // Cropped, not stretched: the middle band fills the square to its corners.
    for (const [x, y] of [...(centre ? [[375, 375]] : []), [20, 20], [730, 20], [20, 730], [730, 730]]) expect(at(pixels, x!, y!).every((v, i) => Math.abs(v - picture[i]!) < 40)).toBe(true);
    if (price !== null) expect(count(pixels, [40, 800, 700, 1000], PRICE) > 400).toBe(price);
    return pixels;
  };

  it('WeChat, zh-CN: the ··· hint with the share card, only what works there, the poster to press and hold', async () => {
    const { page, problems, close } = await open('/products/longjing?product=tall&identify&locale=zh-CN', WECHAT_UA, 'zh-CN');
    await page.locator('button.launch').click();
    const sheet = panel(page);
    await sheet.getByText('点右上角 ··· 分享给朋友 / 朋友圈').waitFor();
    await sheet.getByText('朋友看到的分享卡片：').waitFor();
    await expect.poll(() => sheet.locator('.wx-card b').textContent()).toBe('West Lake Longjing 明前龙井 250 g');
    // What the ··· menu shares is the address: now the distributor's link; a shop's own JS-SDK code hears it too.
    expect(new URL(page.url()).searchParams.get('ref')).toBe('alice');
    expect(await page.evaluate(() => (window as unknown as { __share: { link: string } }).__share.link)).toBe(page.url());
    // Nothing that cannot work in WeChat: no other apps' share pages, no system sheet, no QR of one's own screen.
    const targets = await sheet.locator('.targets > *').allTextContents();
    expect(targets).toEqual(['复制链接']);
    expect(await sheet.locator('svg.qr').count()).toBe(0);
    await shot(page, 'wechat-zh-390-share.png');

    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await sheet.getByRole('button', { name: '保存海报' }).click();
    await sheet.locator('img.poster').waitFor();
    await sheet.getByText('长按海报保存到相册，再发给朋友或朋友圈。').waitFor();
    await checkPoster(page, `${base}/products/longjing?ref=alice`);
    await sheet.locator('img.poster').scrollIntoViewIfNeeded();
    await shot(page, 'wechat-zh-390-poster.png');
    await savePoster(page, 'img.poster', 'poster-tall-zh.png');
    // WeChat saves images by pressing and holding them: nothing is downloaded.
    expect(downloads).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('Chrome on Android, zh-CN: WeChat, Weibo, QQ and the link first, the poster downloaded, no QR of its own screen', async () => {
    const { page, problems, close } = await open('/products/longjing?product=wide&identify&locale=zh-CN', ANDROID_UA, 'zh-CN');
    await page.locator('button.launch').click();
    const sheet = panel(page);
    await sheet.getByRole('button', { name: '保存海报' }).waitFor();
    expect(await sheet.getByText('点右上角 ··· 分享给朋友 / 朋友圈').count()).toBe(0);
    expect(await sheet.locator('.targets > *').allTextContents()).toEqual(['微信', '微博', 'QQ', '复制链接']);
    expect(await sheet.locator('svg.qr').count()).toBe(0);
    // WeChat from another browser: the link is copied, to paste in WeChat.
    await sheet.getByRole('button', { name: '微信' }).click();
    await sheet.getByText('链接已复制：打开微信，粘贴发给朋友。').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${base}/products/longjing?product=wide&identify=&locale=zh-CN&ref=alice`);
    expect(await sheet.getByRole('link', { name: '打开微信' }).getAttribute('href')).toBe('weixin://');
    const weibo = new URL((await sheet.getByRole('link', { name: '微博' }).getAttribute('href'))!);
    expect(weibo.searchParams.get('url')).toContain('ref=alice');
    await shot(page, 'android-zh-390-share.png');

    const download = page.waitForEvent('download');
    await sheet.getByRole('button', { name: '保存海报' }).click();
    expect((await download).suggestedFilename()).toBe('West Lake Longjing 明前龙井 250 g.jpg');
    await sheet.getByText('海报已保存到下载文件夹。').waitFor();
    await checkPoster(page, `${base}/products/longjing?ref=alice`);
    await sheet.locator('img.poster').scrollIntoViewIfNeeded();
    await shot(page, 'android-zh-390-poster.png');
    await savePoster(page, 'img.poster', 'poster-wide-zh.png');
    expect(problems).toEqual([]);
    await close();
  });

  it('Android, en, an account page: WhatsApp to e-mail, and the shop’s link and poster, not “Your account”', async () => {
    const { page, problems, close } = await open('/account/orders?identify', ANDROID_UA, 'en-US');
    await page.locator('button.launch').click();
    const sheet = panel(page);
    await sheet.getByRole('button', { name: 'Save the shop poster' }).waitFor();
    // The system share sheet where the browser has one (headless Chromium has none).
    const native = (await page.evaluate(() => 'share' in navigator)) ? ['Share…'] : [];
    expect(await sheet.locator('.targets > *').allTextContents()).toEqual(['WhatsApp', 'Telegram', 'X', 'Facebook', 'LINE', 'Email', 'Copy link', ...native]);
    // "This page" is the visitor's own: the shop is shared instead.
    expect(await sheet.locator('output.link').allTextContents()).toEqual([`${base}/?ref=alice`]);
    expect(await sheet.getByText('Your link to the shop').count()).toBe(1);
    expect(await sheet.getByRole('button', { name: 'Share another product' }).count()).toBe(0);
    const whatsapp = new URL((await sheet.getByRole('link', { name: 'WhatsApp' }).getAttribute('href'))!);
    expect(whatsapp.searchParams.get('text')).toContain(`${base}/?ref=alice`);
    await shot(page, 'android-en-390-account.png');
    await sheet.getByRole('button', { name: 'Save the shop poster' }).click();
    await sheet.locator('img.poster').waitFor();
    expect(await sheet.locator('img.poster').getAttribute('alt')).toBe('Share poster: Lanxi Tea 兰溪茶');
    // No product and no picture: the shop's name on a colour field down to the band, no price.
    const shop = await checkPoster(page, `${base}/?ref=alice`, { price: null, picture: PRICE, centre: false });
    expect(at(shop, 20, 1000).every((v, i) => Math.abs(v - PRICE[i]!) < 40)).toBe(true);
    await sheet.locator('img.poster').scrollIntoViewIfNeeded();
    await shot(page, 'android-en-390-shop-poster.png');
    await savePoster(page, 'img.poster', 'poster-shop-en.png');
    expect(problems).toEqual([]);
    await close();
  });

  it('WeChat, en: the hint in English, and a product read from Open Graph', async () => {
    const { page, close } = await open('/p/oolong?identify&locale=en', WECHAT_UA, 'en-US');
    await page.locator('button.launch').click();
    const sheet = panel(page);
    await sheet.getByText('Tap ··· at the top right, then “Send to chat” or “Share to Moments”.').waitFor();
    expect(await sheet.locator('.targets > *').allTextContents()).toEqual(['Copy link']);
    await sheet.getByRole('button', { name: 'Save poster' }).click();
    await sheet.getByText('Press and hold the poster to save it, then send it to a chat or Moments.').waitFor();
    const pixels = await imagePixels(page, 'img.poster');
    expect(jsQR(pixels.data, pixels.width, pixels.height)?.data).toBe(`${base}/p/oolong?identify=&locale=en&ref=alice`);
    expect(count(pixels, [40, 800, 700, 1000], PRICE)).toBeGreaterThan(400);
    await shot(page, 'wechat-en-390-share.png');
    await savePoster(page, 'img.poster', 'poster-og-en.png');
    await close();
  });

  it('the product picker: search the shop’s products, get a link and a poster for any of them', async () => {
    const { page, problems, close } = await open('/products/longjing?product=tall&products&identify&locale=zh-CN', ANDROID_UA, 'zh-CN');
    await page.locator('button.launch').click();
    const sheet = panel(page);
    await sheet.getByRole('button', { name: '分享其他商品' }).click();
    const search = sheet.getByRole('searchbox', { name: '搜索店铺商品' });
    await search.waitFor();
    // The shop's list and the page's own product.
    await expect.poll(() => sheet.locator('.pick .pname').allTextContents()).toEqual(['Tieguanyin 铁观音 100 g', 'Dian Hong 滇红 200 g', 'Jasmine Pearls 茉莉龙珠 50 g', 'West Lake Longjing 明前龙井 250 g']);
    await search.fill('铁观音');
    await expect.poll(() => sheet.locator('.pick .pname').allTextContents()).toEqual(['Tieguanyin 铁观音 100 g']);
    await sheet.locator('.pick').first().click();
    const label = '你的「Tieguanyin 铁观音 100 g」推广链接';
    await sheet.getByText(label).waitFor();
    expect(await sheet.getByLabel(label).textContent()).toBe(`${base}/products/tieguanyin?ref=alice`);
    await search.fill('nothing like it');
    await sheet.getByText('没有与「nothing like it」匹配的商品。').waitFor();
    await search.fill('tgy');
    await sheet.locator('.picker').getByRole('button', { name: '保存海报' }).click();
    await sheet.locator('.picker img.poster').waitFor();
    const pixels = await imagePixels(page, '.picker img.poster');
    expect(jsQR(pixels.data, pixels.width, pixels.height)?.data).toBe(`${base}/products/tieguanyin?ref=alice`);
    // The wide image's middle band, and ¥88.00.
    expect(at(pixels, 20, 20).every((v, i) => Math.abs(v - GREEN[i]!) < 40)).toBe(true);
    expect(count(pixels, [40, 800, 700, 1000], PRICE)).toBeGreaterThan(300);
    await sheet.locator('.picker').scrollIntoViewIfNeeded();
    await shot(page, 'android-zh-390-picker.png');
    await savePoster(page, '.picker img.poster', 'poster-picked-zh.png');
    expect(problems).toEqual([]);
    await close();
  });

  for (const [lang, locale, ua] of [
    ['zh', 'zh-CN', WECHAT_UA],
    ['en', 'en-US', ANDROID_UA],
  ] as const) {
    it(`an invite code typed by hand when joining (${lang})`, async () => {
      state.joins.length = 0;
      const { page, close } = await open(`/?identify=newbie&locale=${locale}`, ua, locale);
      const zh = lang == 'zh';
      await page.locator('button.launch').click();
      const sheet = panel(page);
      const code = sheet.getByRole('textbox', { name: zh ? '邀请码（选填）' : 'Invite code (optional)' });
      await code.fill('nobody');
      await code.blur();
      await sheet.getByText(zh ? '没有推广员使用邀请码 nobody。' : 'No distributor has the code nobody.').waitFor();
      await code.fill('bob');
      await code.blur();
      await sheet.getByText(zh ? '邀请人：Bob 王' : 'Invited by Bob 王').waitFor();
      await sheet.getByRole('checkbox').check();
      await shot(page, `join-${lang}-390.png`);
      await sheet.getByRole('button', { name: zh ? '免费加入' : 'Join for free' }).click();
      await expect.poll(() => state.joins).toEqual([{ acceptTerms: true, parentCode: 'bob' }]);
      await sheet.getByRole('tab', { name: zh ? '分享' : 'Share' }).waitFor();
      await close();
    });

    it(`earnings say when, why and whose (${lang})`, async () => {
      const { page, close } = await open(`/?identify&locale=${locale}`, ua, locale);
      const zh = lang == 'zh';
      await page.locator('button.launch').click();
      const sheet = panel(page);
      await sheet.getByRole('tab', { name: zh ? '收益' : 'Earnings' }).click();
      await sheet.getByText(zh ? '订单 A-1002' : 'Order A-1002').waitFor();
      const soon = new Date(Date.now() + 9 * 86_400_000);
      const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(Date.UTC(soon.getUTCFullYear(), soon.getUTCMonth(), soon.getUTCDate(), 12)));
      const lines = await sheet.locator('#tt-tabpanel > .lazy > ul > li').allTextContents();
      const text = lines.join('\n');
      expect(text).toContain(zh ? `预计 ${day} 可提现` : `Available from ${day}`);
      expect(text).toContain(zh ? '来自下级 Bob 王' : 'from your recruit Bob 王');
      expect(text).toContain(zh ? '已扣回：订单 A-1003 退款（R-7）' : 'Reversed: refund R-7 of order A-1003');
      expect(lines[0]).toContain(zh ? '可提现' : 'Available now');
      await shot(page, `earnings-texts-${lang}-390.png`);
      await close();
    });
  }

  it('the launcher stays on screen on a page that overflows sideways, in the corner the shop chose, and steps aside while scrolling down', async () => {
    const { page, close } = await open('/?identify&wide&position=bottom-left%2012%2090&locale=en', ANDROID_UA, 'en-US');
    const launch = page.locator('button.launch');
    await launch.waitFor();
    const visible = () =>
      page.evaluate(() => {
        const b = document.querySelector('[data-launcher]')!.shadowRoot!.querySelector('.launch')!.getBoundingClientRect();
        const vv = window.visualViewport!;
        return { left: Math.round(b.left - vv.offsetLeft), bottom: Math.round(vv.offsetTop + vv.height - b.bottom), inside: b.right <= vv.offsetLeft + vv.width + 1 && b.bottom <= vv.offsetTop + vv.height + 1 };
      });
    // The page is wider than the phone: what is on screen is not the layout viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeGreaterThan(1000);
    await expect.poll(visible).toEqual({ left: 12, bottom: 90, inside: true });
    // Sideways and down, as a finger would: the visual viewport moves inside a layout viewport as wide as the page.
    await page.mouse.wheel(600, 300);
    await expect.poll(() => page.evaluate(() => [visualViewport!.offsetLeft > 0, innerWidth > 1000])).toEqual([true, true]);
    await page.mouse.wheel(0, -300);
    await expect.poll(visible).toEqual({ left: 12, bottom: 90, inside: true });
    await shot(page, 'launcher-wide-390.png');
    // (Playwright aims its taps in layout-viewport coordinates: back to the left edge first.)
    await page.mouse.wheel(-600, 0);
    await expect.poll(() => page.evaluate(() => visualViewport!.offsetLeft)).toBe(0);
    await launch.tap();
    await page.locator('[data-launcher] dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    // Scrolling down: out of the way; scrolling back up: back.
    const away = () => page.evaluate(() => document.querySelector('[data-launcher]')!.shadowRoot!.querySelector('.launch')!.classList.contains('away'));
    await page.mouse.wheel(0, 600);
    await expect.poll(away).toBe(true);
    await page.mouse.wheel(0, -300);
    await expect.poll(away).toBe(false);
    await close();
  });
});
