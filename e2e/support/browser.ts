import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Where each step's screenshot goes (gitignored). */
export const SCREENSHOTS = join(import.meta.dirname, '../screenshots');

/**
 * Whether the journey can run: without Chromium it fails in CI and is
 * skipped, loudly, elsewhere.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}: the journey cannot run in CI (apt-get install -y chromium)`);
  console.warn(`\n!!!!! SKIPPED: the end-to-end journey needs Chromium at ${CHROMIUM} (apt-get install -y chromium) !!!!!\n`);
  return false;
}

/** Launches Debian's Chromium headless. */
export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ARGS });

/** A fresh browser profile (its own cookies and storage), in English, allowed to use the clipboard on `origin`. */
export async function freshVisitor(browser: Browser, origin: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

let shots = 0;
/** Empties the screenshot folder, so a run's pictures are numbered from 01. */
export function resetScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  shots = 0;
}

/** Saves a numbered full-page screenshot of the step. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  shots += 1;
  await page.screenshot({ path: join(SCREENSHOTS, `${String(shots).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** Money as the panel and dashboard print it ("CN¥16.39", "¥0.79") back into fen. */
export const fenOf = (text: string | null): number => {
  const digits = (text ?? '').replace(/[^\d-]/g, '');
  if (!/^-?\d+$/.test(digits)) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  return Number(digits);
};

/** The tag's first-party keys (`tt_…`) in the page's cookies and localStorage. */
export const trackingKeys = (page: Page): Promise<string[]> =>
  page.evaluate(() => [
    ...document.cookie.split(';').map((c) => c.split('=')[0]!.trim()),
    ...Object.keys(localStorage),
  ].filter((k) => k.startsWith('tt_')));

/**
 * Waits until the tag has kept `code` in its first-party cookie. The tag
 * loads asynchronously; a visitor who leaves the landing page sooner would
 * arrive unattributed.
 */
export async function waitForReferral(page: Page, code: string): Promise<void> {
  await page.waitForFunction((c) => document.cookie.split('; ').includes(`tt_ref=${c}`), code);
}

/** Signs up through the shop's own form; the shop sends new accounts to /account. */
export async function signUp(page: Page, shopUrl: string, user: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(`${shopUrl}/signup`);
  await page.locator('input[name=name]').fill(user.name);
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/account$/);
}

/** Logs in through the shop's own form and lands on `next`. */
export async function logIn(page: Page, shopUrl: string, email: string, password: string, next = '/account'): Promise<void> {
  await page.goto(`${shopUrl}/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === next);
}

/** The inline share panel on /account (its open shadow root is pierced by the locators). */
export const inlinePanel = (page: Page): Locator => page.locator('[data-twotier-panel]');

/** Opens the floating launcher of the share panel and returns its dialog. */
export async function openLauncher(page: Page): Promise<Locator> {
  await page.locator('[data-launcher] button.launch').click();
  const dialog = page.locator('[data-launcher] dialog.sheet');
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}

/** Clicks a panel tab and waits for its body. */
export async function openTab(panel: Locator, name: 'Share' | 'Earnings' | 'Team'): Promise<void> {
  await panel.locator('button[role=tab]', { hasText: name }).click();
  await panel.locator(`button[role=tab][aria-selected=true]`, { hasText: name }).waitFor();
}

/**
 * Copies one of the panel's links with its Copy button and returns what
 * reached the clipboard, checked against the link the panel shows.
 */
export async function copyLink(page: Page, panel: Locator, label: string): Promise<string> {
  const link = panel.locator(`output.link[aria-label="${label}"]`);
  const shown = (await link.textContent())?.trim() ?? '';
  const button = link.locator('xpath=following-sibling::button');
  await button.click();
  await button.filter({ hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== shown) throw new Error(`the clipboard holds ${copied}, the panel shows ${shown}`);
  return copied;
}

/** Joins as a distributor from the panel (free; accept the terms) and waits for the distributor's tabs. */
export async function joinFromPanel(panel: Locator): Promise<void> {
  await panel.locator('input[type=checkbox]').check();
  await panel.locator('button[type=submit]', { hasText: 'Join for free' }).click();
  await panel.locator('button[role=tab]', { hasText: 'Earnings' }).waitFor();
}

/** The four balance cards of the Earnings tab, in fen. */
export async function panelBalance(panel: Locator): Promise<Record<'pending' | 'available' | 'inWithdrawal' | 'paid', number>> {
  const card = async (label: string) => fenOf(await panel.locator('.card', { has: panel.page().locator('span.muted', { hasText: new RegExp(`^${label}$`) }) }).locator('b').textContent());
  return { pending: await card('Pending'), available: await card('Available'), inWithdrawal: await card('Being paid out'), paid: await card('Paid') };
}

/** Adds `quantity` of the product on the current page to the shop's cart. */
export async function addToCart(page: Page, quantity: number): Promise<void> {
  const before = Number((await page.locator('[data-cart-count]').textContent()) || 0);
  await page.locator('form[data-add-to-cart] input[name=quantity]').fill(String(quantity));
  await page.locator('form[data-add-to-cart] button').click();
  await page.locator('[data-cart-count]', { hasText: new RegExp(`^${before + quantity}$`) }).waitFor();
}

/** Adds products (slug, quantity) to the cart from their pages, starting on the current page if it is the first. */
export async function addProducts(page: Page, shopUrl: string, lines: [slug: string, quantity: number][]): Promise<void> {
  for (const [slug, quantity] of lines) {
    if (new URL(page.url()).pathname !== `/products/${slug}`) await page.goto(`${shopUrl}/products/${slug}`);
    await addToCart(page, quantity);
  }
}

/** Checks out as a guest and pays; returns the shop's order id from the thank-you page. */
export async function checkoutAndPay(page: Page, shopUrl: string, customer: { name: string; email: string }, onPayPage?: () => Promise<void>): Promise<string> {
  await page.goto(`${shopUrl}/checkout`);
  await page.locator('[data-checkout-summary] [data-total]').waitFor();
  await page.locator('input[name=name]').fill(customer.name);
  await page.locator('input[name=email]').fill(customer.email);
  await page.locator('input[name=phone]').fill('138 0000 0000');
  await page.locator('textarea[name=address]').fill('18 Longjing Road, Hangzhou');
  await page.locator('form[data-checkout-form] button[type=submit]').click();
  await page.waitForURL(/\/pay\//);
  await onPayPage?.();
  await page.locator('[data-pay]').click();
  await page.waitForURL(/\/thanks\//);
  const id = await page.locator('[data-order-id]').getAttribute('data-order-id');
  if (!id) throw new Error('the thank-you page shows no order id');
  return id;
}
