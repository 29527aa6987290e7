import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Where the screenshots of every page go (gitignored). */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../screenshots/admin');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Whether a real Chromium is installed. */
export const hasChromium = (): boolean => existsSync(CHROMIUM);

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
export type LangName = 'en' | 'zh-CN';

/** A context with a viewport and a remembered language. */
export async function newContext(browser: Browser, viewport: ViewportName, lang: LangName): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    acceptDownloads: true,
    locale: lang,
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true } : {}),
  });
  await context.addInitScript((l: string) => {
    if (!localStorage.getItem('twotier.admin.lang')) localStorage.setItem('twotier.admin.lang', l);
  }, lang);
  return context;
}

/** Signs in through the form and waits for the dashboard. */
export async function signInPage(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form.signin-card button[type=submit]').click();
  await page.locator('nav.sidenav').waitFor();
}

/** Saves a full-page screenshot named `<page>-<lang>-<viewport>.png`. */
export async function shoot(page: Page, name: string, lang: LangName, viewport: ViewportName): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}-${lang}-${viewport}.png`);
  // sticky bars are drawn where the viewport is: start from the top
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails when the page is wider than its viewport (a broken phone layout). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
