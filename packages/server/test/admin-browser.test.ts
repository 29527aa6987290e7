import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/node';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, horizontalOverflow, newContext, shoot, signInPage, type LangName, type ViewportName } from './admin/browser-helpers';
import { startSeededDashboard, type DashboardSeed } from './admin/seed-dashboard';

const available = hasChromium();
if (!available) {
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  console.warn(`\n!!!!! SKIPPED: admin browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium) !!!!!\n`);
}

const OPERATOR = 'op-admin-browser';
const file = join(tmpdir(), `twotier-admin-${randomBytes(5).toString('hex')}.db`);
const clock = { ms: Date.now() };

describe.skipIf(!available)('admin dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let seed: DashboardSeed;
  let base: string;

  beforeAll(async () => {
    ({ server, seed } = await startSeededDashboard(file, clock, OPERATOR));
    base = server.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  const db = () => server.db.kysely;

  it('refuses a wrong password on the page, then signs in', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await page.goto(`${base}/admin`);
    await page.locator('input[name=email]').fill(seed.email);
    await page.locator('input[name=password]').fill('not the password');
    await page.locator('form.signin-card button[type=submit]').click();
    await expect(page.locator('.notice.error').textContent()).resolves.toContain('wrong email or password');
    await page.locator('input[name=password]').fill(seed.password);
    await page.locator('form.signin-card button[type=submit]').click();
    await page.locator('[data-kpi="Orders"] .kpi-value').waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'twotier_admin')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const orders = await db().selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', seed.shopId).executeTakeFirstOrThrow();
    await expect.poll(() => page.locator('[data-kpi="Orders"] .kpi-value').textContent()).toBe(String(orders.n));
    await context.close();
  }, 60_000);

  it('works from the keyboard alone and loads the overview without layout shift', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await page.addInitScript(() => {
      (window as unknown as { __cls: number }).__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) (window as unknown as { __cls: number }).__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${base}/admin`);
    await page.locator('input[name=email]').waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('email');
    await page.keyboard.type(seed.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(seed.password);
    await page.keyboard.press('Enter');
    await page.locator('[data-kpi="Orders"] .kpi-value').waitFor();
    await expect.poll(() => page.locator('[data-kpi="Orders"] .kpi-value').textContent()).not.toBe('—');
    await page.waitForLoadState('networkidle');
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    expect(cls).toBeLessThan(0.05);
    // the chart answers arrow keys with the day's values
    await page.locator('.chart svg').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.tooltip').first().textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2}/);
    // Tab reaches the navigation; Enter follows a link
    await page.locator('nav.sidenav a').first().focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Distributors');
    await page.keyboard.press('Enter');
    await page.locator('main h1', { hasText: 'Distributors' }).waitFor();
    await context.close();
  }, 60_000);

  it('changes a rule through the editor, with live validation, and saves it', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    await page.locator('nav.sidenav a', { hasText: 'Program' }).click();
    const l1 = page.locator('fieldset[data-rule="oolong-promo"] input[name="rule-0-level1"]');
    await l1.fill('150%');
    await expect.poll(() => page.locator('[data-testid=validation]').textContent()).toContain('rules.0.level1.percentBps');
    await expect(page.locator('.save-bar button[type=submit]').isDisabled()).resolves.toBe(true);
    await l1.fill('25%');
    await expect.poll(() => page.locator('[data-testid=validation]').textContent()).toContain('Valid program');
    await page.locator('.save-bar button[type=submit]').click();
    await page.locator('.save-bar .notice.ok').waitFor();
    const row = await db().selectFrom('shops').select('program').where('id', '=', seed.shopId).executeTakeFirstOrThrow();
    const rule = (JSON.parse(row.program) as { rules: { id: string; level1?: { percentBps: number } }[] }).rules.find((r) => r.id === 'oolong-promo');
    expect(rule?.level1).toEqual({ percentBps: 2500 });
    await context.close();
  }, 60_000);

  it('sets the withdrawal fee and request limit in the program editor, and clears them again', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    await page.locator('nav.sidenav a', { hasText: 'Program' }).click();
    const saved = async () => JSON.parse((await db().selectFrom('shops').select('program').where('id', '=', seed.shopId).executeTakeFirstOrThrow()).program) as { withdrawalFee: unknown; withdrawalLimit: unknown };
    const save = async () => {
      await expect.poll(() => page.locator('[data-testid=validation]').textContent()).toContain('Valid program');
      await page.locator('.save-bar button[type=submit]').click();
      await page.locator('.save-bar .notice.ok').waitFor();
    };
    await page.locator('input[name=feePercent]').fill('1.5%');
    await page.locator('input[name=feeFixed]').fill('2');
    await page.locator('input[name=limitCount]').fill('0');
    await expect.poll(() => page.locator('[data-testid=validation]').textContent()).toContain('withdrawalLimit.count');
    await page.locator('input[name=limitCount]').fill('3');
    await page.locator('select[name=limitPeriod]').selectOption('week');
    await save();
    expect(await saved()).toMatchObject({ withdrawalFee: { bps: 150, fixed: 200 }, withdrawalLimit: { count: 3, period: 'week' } });
    await page.reload();
    await expect(page.locator('input[name=feePercent]').inputValue()).resolves.toBe('1.5');
    await expect(page.locator('input[name=feeFixed]').inputValue()).resolves.toBe('2.00');
    await page.locator('input[name=feePercent]').fill('');
    await page.locator('input[name=feeFixed]').fill('');
    await page.locator('input[name=limitCount]').fill('');
    await save();
    expect(await saved()).toMatchObject({ withdrawalFee: null, withdrawalLimit: null });
    await context.close();
  }, 60_000);

  it('runs the simulator on a draft and shows would-be against actual', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    await page.locator('nav.sidenav a', { hasText: 'Rule simulator' }).click();
    await page.locator('input[name=sim-level1]').fill('20');
    await page.locator('input[name=days]').fill('30');
    await page.locator('button', { hasText: 'Run simulation' }).click();
    await page.locator('[data-testid=sim-levels] tbody tr').first().waitFor();
    const replayed = await db().selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', seed.shopId).executeTakeFirstOrThrow();
    await expect(page.locator('.sim-result > p.muted').textContent()).resolves.toContain(`${replayed.n} orders replayed`);
    const actualL1 = await db().selectFrom('commissions').select((eb) => eb.fn.sum<number>('amount').as('s')).where('shop_id', '=', seed.shopId).where('level', '=', 1).executeTakeFirstOrThrow();
    const l1Row = page.locator('[data-testid=sim-levels] tbody tr').first();
    const actualText = await l1Row.locator('td').nth(1).textContent();
    expect(actualText?.replace(/[^\d]/g, '')).toBe(String(Number(actualL1.s)));
    // the change from the edit alone (a higher default rate) …
    await expect(l1Row.locator('td').nth(4).textContent()).resolves.toMatch(/^\+/);
    // … apart from the rule saved at 25% by the editor test since these orders were recorded at 20%
    await expect(page.locator('[data-testid=sim-drift]').textContent()).resolves.toMatch(/^Apart from your edit: .* gives \+CN¥[\d,.]+ against what was recorded/);
    await shoot(page, 'simulator-drift', 'en', 'desktop');
    const program = await db().selectFrom('shops').select('program').where('id', '=', seed.shopId).executeTakeFirstOrThrow();
    expect(JSON.parse(program.program).defaultRates.level1Bps).toBe(1000);
    await context.close();
  }, 60_000);

  it('approves a withdrawal, exports the Alipay CSV, and marks it paid', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    await page.locator('nav.sidenav a', { hasText: 'Withdrawals' }).click();
    const row = page.locator(`tr[data-withdrawal="${seed.toPay}"]`);
    // the account the withdrawal names, masked
    await expect(row.textContent()).resolves.toContain('Alipay 138****0001 (*三)');
    // approving moves money: the page asks first, naming the amount
    const asked = new Promise<string>((done) => page.once('dialog', (d) => { done(d.message()); void d.accept(); }));
    await row.locator('button', { hasText: 'Approve' }).click();
    expect(await asked).toMatch(/^Approve the withdrawal of CN¥[\d,]+\.\d\d for /);
    await row.waitFor({ state: 'detached' });
    expect((await db().selectFrom('withdrawals').select('status').where('id', '=', seed.toPay).executeTakeFirstOrThrow()).status).toBe('approved');

    await page.locator('.tabs button', { hasText: 'Approved' }).click();
    await page.locator(`tr[data-withdrawal="${seed.toPay}"]`).waitFor();
    // a bank file cannot pay a withdrawal that names an Alipay account: it is left out, and the page says so
    await page.locator('.page-tools select').selectOption('bank');
    const [bankFile] = await Promise.all([page.waitForEvent('download'), page.locator('button', { hasText: 'Export CSV' }).click()]);
    expect(readFileSync((await bankFile.path())!, 'utf8').split('\r\n')).toEqual(['\uFEFF收款方名称,收款方账号,收款方开户行名称,收款行联行号,金额,附言/用途', '']);
    await expect(page.locator('[data-export-skipped="1"]').textContent()).resolves.toContain('Approved withdrawals left out of the file: 1');
    await page.locator('.page-tools select').selectOption('alipay');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button', { hasText: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const w = await db().selectFrom('withdrawals').selectAll().where('id', '=', seed.toPay).executeTakeFirstOrThrow();
    expect(download.suggestedFilename()).toBe('payouts-alipay.csv');
    // the Alipay file (docs/ledger.md: no published template was found), with a BOM so Excel reads it as UTF-8, paid to the account the withdrawal named
    expect(csv.split('\r\n')[0]).toBe('\uFEFF序号,收款方支付宝账号,收款方姓名,金额（元）,备注');
    expect(csv).toContain('13800000001,张三,');
    expect(csv).toContain(`${Math.floor(Number(w.net) / 100)}.${String(Number(w.net) % 100).padStart(2, '0')}`);
    expect(csv).not.toContain(seed.other);

    await page.locator(`tr[data-withdrawal="${seed.toPay}"] button`, { hasText: 'Mark paid' }).click();
    await page.locator('dialog input[name=value]').fill('ALIPAY-BATCH-0042');
    await page.locator('dialog button[type=submit]').click();
    await page.locator(`tr[data-withdrawal="${seed.toPay}"]`).waitFor({ state: 'detached' });
    await page.locator('.tabs button', { hasText: 'Paid' }).click();
    await expect(page.locator(`tr[data-withdrawal="${seed.toPay}"]`).textContent()).resolves.toContain('ALIPAY-BATCH-0042');
    const paid = await db().selectFrom('withdrawals').select(['status', 'reference']).where('id', '=', seed.toPay).executeTakeFirstOrThrow();
    expect(paid).toEqual({ status: 'paid', reference: 'ALIPAY-BATCH-0042' });
    await context.close();
  }, 60_000);

  it('shows the cycle refusal when moving a parent under its own recruit', async () => {
    const context = await newContext(browser, 'desktop', 'en');
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    const ann = await db().selectFrom('distributors').select(['id', 'parent_id']).where('shop_id', '=', seed.shopId).where('code', '=', 'TEA01').executeTakeFirstOrThrow();
    await page.goto(`${base}/admin/distributors/${ann.id}`);
    await page.locator('input[name=parent]').fill('TEA02');
    await page.locator('button', { hasText: 'Move' }).click();
    await expect.poll(() => page.locator('.notice.error').textContent()).toContain('cycle');
    expect((await db().selectFrom('distributors').select('parent_id').where('id', '=', ann.id).executeTakeFirstOrThrow()).parent_id).toBe(ann.parent_id);
    await context.close();
  }, 60_000);

  it('sorts the distributors by sales from the column header, both ways, as the totals say', async () => {
    const context = await newContext(browser, 'desktop', 'zh-CN');
    const page = await context.newPage();
    await signInPage(page, base, seed.email, seed.password);
    await page.goto(`${base}/admin/distributors`);
    const header = page.locator('th', { has: page.locator('button.sort', { hasText: '销售额' }) });
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('none');
    const top = (dir: 'asc' | 'desc') =>
      db().selectFrom('distributor_totals as t').innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 't.shop_id').onRef('d.id', '=', 't.distributor_id'))
        .select('d.code').where('t.shop_id', '=', seed.shopId).orderBy('t.sales', dir).orderBy('t.distributor_id', dir).executeTakeFirstOrThrow();
    const firstCode = () => page.locator('tbody tr td.stack-head a').first().textContent();
    await header.locator('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(firstCode).toBe((await top('desc')).code);
    await header.locator('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(firstCode).toBe((await top('asc')).code);
    await context.close();
  }, 60_000);

  it('explains commissions for a person (en, zh-CN; 1280 and 390 px), finds an order by id, and badges refunds by what they took', async () => {
    // LX-1004 refunded in full: every commission on it is reversed; LX-1002 keeps its partial refund of the seed
    const full = await db().selectFrom('orders').select('total_paid').where('shop_id', '=', seed.shopId).where('id', '=', 'LX-1004').executeTakeFirstOrThrow();
    const refund = await server.app.request('/v1/orders/LX-1004/refunds', {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.sk}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'RF-FULL', amount: Number(full.total_paid) }),
    });
    expect(refund.status).toBeLessThan(300);
    const ann = await db().selectFrom('distributors').select('id').where('shop_id', '=', seed.shopId).where('code', '=', 'TEA01').executeTakeFirstOrThrow();
    for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
      for (const lang of ['en', 'zh-CN'] as LangName[]) {
        const zh = lang === 'zh-CN';
        const context = await newContext(browser, viewport, lang);
        const page = await context.newPage();
        await signInPage(page, base, seed.email, seed.password);
        await page.goto(`${base}/admin/orders`);
        const search = async (id: string) => {
          await page.locator('input[name=q]').fill(id);
          await page.locator('form.toolbar button[type=submit]').click();
          await expect.poll(() => page.locator('article.order > header > strong').allTextContents()).toEqual([id]);
          return page.locator('article.order');
        };
        const reversed = await search('LX-1004');
        const text = (await reversed.textContent()) ?? '';
        // the panel's wording, money with the locale's symbol, where the rate came from; no engine log line
        expect(text).toContain(zh ? 'OOLONG-250 × 1：¥168.00 的 20%（规则 oolong-promo）' : 'OOLONG-250 × 1: 20% of CN¥168.00 (rule oolong-promo)');
        expect(text).not.toMatch(/minor units|rounded once|CN¥.*的/);
        if (zh) expect(text).not.toContain('CN¥');
        // who: code and name, linked to their page
        const who = reversed.locator('.explain a[href*="/admin/distributors/"]').first();
        await expect(who.textContent()).resolves.toMatch(/^TEA\d\d · /);
        // a commission refunds took back entirely is Reversed, not "pending"
        await expect(reversed.locator('.commission .pill').allTextContents()).resolves.toEqual(expect.arrayContaining([zh ? '已冲回' : 'Reversed']));
        await expect(reversed.locator('.commission .pill', { hasText: zh ? '冻结中' : 'On hold' }).count()).resolves.toBe(0);
        await expect(reversed.locator('header .pill').textContent()).resolves.toBe(zh ? '已退款' : 'Refunded');
        await shoot(page, 'orders-reversed', lang, viewport);
        expect(await horizontalOverflow(page), 'orders overflow').toBeLessThanOrEqual(0);
        // a partial refund is not "Refunded"
        const partial = await search('LX-1002');
        await expect(partial.locator('header .pill').textContent()).resolves.toBe(zh ? '部分退款 ¥50.00' : 'Partly refunded CN¥50.00');
        // an organic order says why no level was paid, in the owner's language
        const organic = await search('LX-1005');
        await expect(organic.locator('.not-paid').textContent()).resolves.toContain(zh ? '1级未发放：订单没有推广员' : 'Level 1 not paid: the order came without a distributor');
        // the distributor page explains the same way
        await page.goto(`${base}/admin/distributors/${ann.id}`);
        const first = page.locator('td.explain li').first();
        await first.waitFor();
        await expect(first.textContent()).resolves.toMatch(zh ? /^[A-Z0-9-]+ × \d：¥[\d,]+\.\d\d 的 \d+(\.\d+)?%（/ : /^[A-Z0-9-]+ × \d: \d+(\.\d+)?% of CN¥[\d,]+\.\d\d \(/);
        await expect(page.locator('td.explain').first().textContent()).resolves.toMatch(zh ? /合计 ¥/ : /Total CN¥/);
        await shoot(page, 'distributor-explained', lang, viewport);
        expect(await horizontalOverflow(page), 'distributor page overflows').toBeLessThanOrEqual(0);
        // the simulator on the saved program, nothing edited: no change from the edit; what changed since is apart
        await page.goto(`${base}/admin/simulator`);
        await page.locator('button.primary', { hasText: /Run simulation|开始模拟/ }).click();
        await page.locator('[data-testid=sim-edit]').waitFor();
        await expect(page.locator('[data-testid=sim-edit] span').textContent()).resolves.toBe(zh ? '¥0.00' : 'CN¥0.00');
        await shoot(page, 'simulator-unedited', lang, viewport);
        expect(await horizontalOverflow(page), 'simulator overflows').toBeLessThanOrEqual(0);
        // a new rule is not red before the owner types in it; it is once they do
        await page.goto(`${base}/admin/program`);
        const rules = page.locator('fieldset.rule');
        await rules.first().waitFor();
        const before = await rules.count();
        await page.locator('button', { hasText: zh ? '添加规则' : 'Add rule' }).click();
        await expect.poll(() => rules.count()).toBe(before + 1);
        await expect(rules.last().getAttribute('class')).resolves.not.toContain('has-error');
        await expect(rules.last().locator('.field-error').count()).resolves.toBe(0);
        await shoot(page, 'program-new-rule', lang, viewport);
        await rules.last().locator(`input[name="rule-${before}-level1"]`).fill('150%');
        await expect.poll(() => rules.last().getAttribute('class')).toContain('has-error');
        await context.close();
      }
    }
  }, 180_000);

  const PAGES: [string, string][] = [
    ['overview', '/admin'], ['distributors', '/admin/distributors'], ['distributor', ''], ['orders', '/admin/orders'], ['withdrawals', '/admin/withdrawals'],
    ['program', '/admin/program'], ['simulator', '/admin/simulator'], ['analytics', '/admin/analytics'], ['compliance', '/admin/compliance'],
  ];
  for (const viewport of ['desktop', 'phone'] as ViewportName[]) {
    for (const lang of ['en', 'zh-CN'] as LangName[]) {
      it(`screenshots every page (${lang}, ${viewport}) without horizontal overflow`, async () => {
        const context = await newContext(browser, viewport, lang);
        const page: Page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${base}/admin`);
        await page.locator('form.signin-card').waitFor();
        await shoot(page, 'sign-in', lang, viewport);
        await signInPage(page, base, seed.email, seed.password);
        const ann = await db().selectFrom('distributors').select('id').where('shop_id', '=', seed.shopId).where('code', '=', 'TEA01').executeTakeFirstOrThrow();
        for (const [name, path] of PAGES) {
          await page.goto(`${base}${path || `/admin/distributors/${ann.id}`}`);
          await page.locator('main h1').waitFor();
          await page.waitForLoadState('networkidle');
          if (name === 'simulator') {
            await page.locator('button.primary', { hasText: /Run simulation|开始模拟/ }).click();
            await page.locator('[data-testid=sim-levels]').waitFor();
          }
          if (name === 'overview') {
            const box = await page.locator('.chart svg').first().boundingBox();
            if (box) await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
            await page.locator('.tooltip').first().waitFor();
          }
          await shoot(page, name, lang, viewport);
          expect(await horizontalOverflow(page), `${name} overflows horizontally`).toBeLessThanOrEqual(0);
          expect(await page.locator('.notice.error').count(), `${name} shows an error`).toBe(0);
          if (name === 'compliance') expect(await page.locator('.facts .bad').count(), 'a compliance fact is flagged').toBe(0);
        }
        expect(errors).toEqual([]);
        await context.close();
      }, 120_000);
    }
  }
});
