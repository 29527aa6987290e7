import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../admin-ui/src/messages-en';
import { zh } from '../admin-ui/src/messages-zh';
import type { RunningServer } from '../src/node';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, newContext, shoot, signInPage, type ViewportName } from './admin/browser-helpers';
import { startSeededDashboard, type DashboardSeed } from './admin/seed-dashboard';

const available = hasChromium();
if (!available) {
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  console.warn(`\n!!!!! SKIPPED: the zh-CN sweep of the dashboard needs Chromium at ${CHROMIUM} !!!!!\n`);
}

/** Words a Chinese page may show in Latin letters: names of products and formats, and what the shop or the platforms named. */
const LATIN_OK = new Set(['twotier', 'Shopify', 'WooCommerce', 'Stripe', 'PayPal', 'Webhook', 'Webhooks', 'JSON', 'API', 'HTTP', 'HTTPS', 'CSV', 'SKU', 'URL', 'ID', 'QR', 'CPS', 'ISO', 'WeChat', 'Alipay', 'WP', 'REST', 'JS', 'SDK', 'GBK', 'BOM', 'Excel', 'UTF', 'Lanxi', 'Tea', 'Gold', 'docs', 'figures', 'md']);

/**
 * The words only the English catalogue uses: every word of an English
 * message that no Chinese message uses too. A Chinese page showing one of
 * them shows English left untranslated.
 */
function englishOnlyWords(): Set<string> {
  const words = (texts: string[]) => new Set(texts.flatMap((s) => s.replace(/\{[a-zA-Z]+\}/g, ' ').match(/[A-Za-z]{3,}/g) ?? []).map((w) => w.toLowerCase()));
  const zhWords = words(Object.values(zh) as string[]);
  const ok = new Set([...LATIN_OK].map((w) => w.toLowerCase()));
  const out = new Set<string>();
  for (const w of words(Object.values(en))) if (!zhWords.has(w) && !ok.has(w)) out.add(w);
  // values the API returns and a page could print raw: ledger kinds, buckets, statuses, attribution sources
  for (const w of ['explicit', 'coupon', 'binding', 'touch', 'clawback', 'reversal', 'settlement', 'withdrawal', 'commission', 'pending', 'available', 'paid', 'rejected', 'requested', 'reversed', 'refunded', 'active', 'suspended', 'failed', 'delivered', 'organic', 'bonus', 'performance', 'team']) out.add(w);
  return out;
}

const OPERATOR = 'op-zh-sweep';
const file = join(tmpdir(), `twotier-zh-sweep-${randomBytes(5).toString('hex')}.db`);
const clock = { ms: Date.now() };

describe('the dashboard catalogues', () => {
  it('have every message in both languages, and the Chinese one differs from the English where words are meant', () => {
    const missing = Object.keys(en).filter((k) => !(k in zh));
    expect(missing).toEqual([]);
    // the same text is right only for a code or an abbreviation
    const same = Object.keys(en).filter((k) => zh[k as keyof typeof en] === en[k as keyof typeof en]);
    expect(same.filter((k) => !/^[A-Z]{2,4}$/.test(en[k as keyof typeof en]))).toEqual([]);
    // placeholders are the same in both
    const vars = (s: string) => [...s.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(en).filter((k) => zh[k as keyof typeof en] !== undefined && JSON.stringify(vars(en[k as keyof typeof en])) !== JSON.stringify(vars(zh[k as keyof typeof en]!)));
    expect(differ).toEqual([]);
  });
});

describe.skipIf(!available)('every page of the dashboard in zh-CN, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let seed: DashboardSeed;
  let base: string;

  beforeAll(async () => {
    ({ server, seed } = await startSeededDashboard(file, clock, OPERATOR));
    base = server.url;
    // a refund after the hold: its commission comes off what was available (a clawback in the ledger)
    const settled = await server.db.kysely.selectFrom('commissions').select(['order_id', 'distributor_id']).where('shop_id', '=', seed.shopId).where('status', '=', 'available').where('level', '=', 1).executeTakeFirstOrThrow();
    const res = await server.app.request(`/v1/orders/${settled.order_id}/refunds`, { method: 'POST', headers: { authorization: `Bearer ${seed.sk}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'RF-late', amount: 100 }) });
    expect(res.status).toBe(201);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    it(`shows no English-only word on any page (${viewport})`, async () => {
      const banned = englishOnlyWords();
      const context = await newContext(browser, viewport, 'zh-CN');
      const page = await context.newPage();
      await signInPage(page, base, seed.email, seed.password);
      const clawedBack = await server.db.kysely.selectFrom('ledger_entries').select('distributor_id').where('shop_id', '=', seed.shopId).where('kind', '=', 'clawback').executeTakeFirstOrThrow();
      const pages: [string, string][] = [
        ['overview', '/admin'], ['distributors', '/admin/distributors'], ['distributor', `/admin/distributors/${clawedBack.distributor_id}`], ['orders', '/admin/orders'],
        ['withdrawals', '/admin/withdrawals'], ['program', '/admin/program'], ['simulator', '/admin/simulator'], ['analytics', '/admin/analytics'],
        ['compliance', '/admin/compliance'], ['integrations', '/admin/integrations'],
      ];
      const found: Record<string, string[]> = {};
      for (const [name, path] of pages) {
        await page.goto(`${base}${path}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        if (name === 'simulator') {
          await page.locator('button.primary', { hasText: '开始模拟' }).click();
          await page.locator('[data-testid=sim-levels]').waitFor();
        }
        // what a reader sees and hears: text outside code (ids, URLs, topics, SKUs as typed) and inputs, and labels for screen readers
        const text = await page.evaluate(() => {
          const main = document.body.cloneNode(true) as HTMLElement;
          for (const el of main.querySelectorAll('code, input, textarea, select option[value]:not([value=""]), script, style')) el.remove();
          // (a failed event's reason carries the server's English on hover, on purpose: not counted)
          const aria = [...document.querySelectorAll('[aria-label], [title], [placeholder]')].map((el) => `${el.getAttribute('aria-label') ?? ''} ${el.closest('.explain') ? '' : (el.getAttribute('title') ?? '')} ${el.getAttribute('placeholder') ?? ''}`);
          return `${main.innerText}\n${aria.join('\n')}`;
        });
        // identifiers the shop chose or the data holds (rule ids, codes, domains, emails: `gift-box-fixed`, `your-shop.myshopify.com`) are not words
        const prose = text.replace(/[A-Za-z0-9]+(?:[-_.@/:][A-Za-z0-9]+)+/g, ' ');
        const words = [...new Set(prose.match(/[A-Za-z]{3,}/g) ?? [])].filter((w) => banned.has(w.toLowerCase()));
        // English abbreviations glued to numbers (`30d`, `2h`)
        words.push(...new Set(prose.match(/\b\d+(?:d|h|min|s)\b/g) ?? []));
        if (words.length) found[name] = words;
        await shoot(page, `zh-sweep-${name}`, 'zh-CN', viewport);
      }
      expect(found).toEqual({});
      await context.close();
    }, 120_000);
  }
});
