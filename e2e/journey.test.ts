/** The two-level journey, end to end, in Chromium, on real sockets: tracking server (SQLite, movable
 * clock), the Lanxi Tea shop with the real tag, the share panel and the operator's dashboard. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addProducts, checkoutAndPay, chromiumAvailable, copyLink, freshVisitor, inlinePanel, joinFromPanel, launch, logIn } from './support/browser';
import { openLauncher, openTab, panelBalance, resetScreenshots, shot, signUp, trackingKeys, waitForReferral } from './support/browser';
import { approveAndPay, dashboardBalance, signInDashboard } from './support/dashboard';
import { PROGRAM, startStack, type Stack } from './support/stack';
import { balanceOf, commissionsOf, distributorByEmail as byEmail, earningsLine, halfEven, touchCount, type Distributor } from './support/ledger';

const available = chromiumAvailable();

describe.skipIf(!available)('the two-level journey in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const visitor = (origin: string) => freshVisitor(browser, origin).then((v) => (contexts.push(v.context), v));
  const distributorByEmail = (email: string) => byEmail(stack, email);

  // Shared by the steps, in order.
  let bPage: Page, cPage: Page, B: Distributor, C: Distributor;
  let inviteB = '', productLinkC = '', orderD = '';
  const [l1Bps, l2Bps] = [PROGRAM.defaultRates.level1Bps, PROGRAM.defaultRates.level2Bps];
  const [teaware1, teaware2] = [PROGRAM.rules[0].level1.percentBps, PROGRAM.rules[0].level2.percentBps];

  beforeAll(async () => {
    resetScreenshots();
    stack = await startStack();
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await stack?.stop();
  });

  it('1. distributor B opens the share panel and copies their invite link', async () => {
    ({ page: bPage } = await visitor(stack.shop.url));
    await logIn(bPage, stack.shop.url, 'b@lanxi.example', 'bai-lin-2026');
    const panel = inlinePanel(bPage);
    await openTab(panel, 'Team');
    inviteB = await copyLink(bPage, panel, 'Invite friends to share too');
    await shot(bPage, 'b-invite-link');
    const url = new URL(inviteB);
    expect(url.origin).toBe(stack.shop.url);
    expect(url.searchParams.get('ref')).toBe('BAILIN');
    expect(url.searchParams.get('tt_invite')).toBe('1');
    B = await distributorByEmail('b@lanxi.example');
  });

  it('2. visitor C arrives through it, signs up in the shop and joins from the panel: C’s parent is B', async () => {
    const { page, errors } = await visitor(stack.shop.url);
    cPage = page;
    await cPage.goto(inviteB);
    await cPage.locator('[data-launcher] dialog.sheet').getByText('Bai Lin invited you').first().waitFor();
    await shot(cPage, 'c-invited-by-b');
    await signUp(cPage, stack.shop.url, { name: 'Chen Yu', email: 'c@lanxi.example', password: 'chen-yu-2026' });
    const panel = inlinePanel(cPage);
    await panel.getByText('Become a distributor').first().waitFor();
    await shot(cPage, 'c-join');
    await joinFromPanel(panel);
    await shot(cPage, 'c-joined');
    C = await distributorByEmail('c@lanxi.example');
    // Joined from the panel: the shop's own login (the identity token) is who C is.
    expect(C).toMatchObject({ parentId: B.id, status: 'active', name: 'Chen Yu' });
    expect(C.code).not.toBe(B.code);
    expect(errors).toEqual([]);
  });

  it('3. C copies a product link; customer D arrives through it in a fresh context, adds two products and pays', async () => {
    await cPage.goto(`${stack.shop.url}/products/fuzhou-jasmine`);
    productLinkC = await copyLink(cPage, await openLauncher(cPage), 'Your link to this page');
    await shot(cPage, 'c-product-link');
    expect(productLinkC).toBe(`${stack.shop.url}/products/fuzhou-jasmine?ref=${C.code}`);

    const { page: d, errors } = await visitor(stack.shop.url);
    await d.goto(productLinkC);
    await waitForReferral(d, C.code);
    await addProducts(d, stack.shop.url, [['fuzhou-jasmine', 1], ['travel-tea-set', 1]]);
    await d.goto(`${stack.shop.url}/cart`);
    await d.locator('.cart-line').nth(1).waitFor();
    await shot(d, 'd-cart');
    orderD = await checkoutAndPay(d, stack.shop.url, { name: 'Dong Mei', email: 'd@lanxi.example' }, () => shot(d, 'd-pay'));
    await shot(d, 'd-thanks');
    expect(errors).toEqual([]);
  });

  // Jasmine ¥68.50 (tea, default rates) + Travel Tea Set ¥159.00 (teaware rule); ¥227.50 ships free.
  const JASMINE = 6_850, TRAVEL = 15_900, TOTAL = JASMINE + TRAVEL;
  // L1 = 6850 × 10% + 15900 × 6% = 685 + 954 = 1639 fen, exact.
  const L1 = halfEven(BigInt(JASMINE * l1Bps + TRAVEL * teaware1), 10_000n);
  // L2 = 6850 × 3% + 15900 × 2% = 205.5 + 318 = 523.5 → half to even → 524 fen. The 30% cap (6825) is far.
  const L2 = halfEven(BigInt(JASMINE * l2Bps + TRAVEL * teaware2), 10_000n);

  it('4. the shop posts the order: C sees level 1 and B level 2, pending, with the rates explained', async () => {
    expect([L1, L2]).toEqual([1_639, 524]);
    expect(stack.shop.services.orders.get(orderD)).toMatchObject({ total: TOTAL, twotier: { status: 'sent' } });
    expect(await commissionsOf(stack, orderD)).toEqual([
      expect.objectContaining({ level: 1, distributorId: C.id, amount: L1, reversed: 0, status: 'pending' }),
      expect.objectContaining({ level: 2, distributorId: B.id, amount: L2, reversed: 0, status: 'pending' }),
    ]);

    await cPage.goto(`${stack.shop.url}/account`);
    const c = await earningsLine(cPage, orderD);
    expect(c).toMatchObject({ amount: L1, level: 'your sale', status: expect.stringMatching(/^Available from /) });
    // core's describeCommission, the dashboard's words too: the rule or default rate behind each line
    expect(c.why).toEqual([`TEA-JAS-80 × 1: ${l1Bps / 100}% of CN¥68.50 (default rate)`, `WARE-TRAVEL × 1: ${teaware1 / 100}% of CN¥159.00 (rule teaware-lower)`]);
    expect((await panelBalance(inlinePanel(cPage))).pending).toBe(L1);
    await shot(cPage, 'c-level1-pending');

    await bPage.goto(`${stack.shop.url}/account`);
    const b = await earningsLine(bPage, orderD);
    expect(b).toMatchObject({ amount: L2, level: 'from your recruit Chen Yu', status: expect.stringMatching(/^Available from /) });
    expect(b.why).toEqual([`TEA-JAS-80 × 1: ${l2Bps / 100}% of CN¥68.50 (default rate)`, `WARE-TRAVEL × 1: ${teaware2 / 100}% of CN¥159.00 (rule teaware-lower)`]);
    expect((await panelBalance(inlinePanel(bPage))).pending).toBe(L2);
    await shot(bPage, 'b-level2-pending');
  });

  // D gets ¥50.00 back: each level reverses earned × 5000 ÷ 22750, half to even.
  const REFUND = 5_000;
  const R1 = halfEven(BigInt(L1 * REFUND), BigInt(TOTAL)); // 1639 × 5000 / 22750 = 360.2 → 360
  const R2 = halfEven(BigInt(L2 * REFUND), BigInt(TOTAL)); // 524 × 5000 / 22750 = 115.2 → 115
  const WITHDRAW = 1_200;

  it('5. a partial refund reverses both in proportion; settlement, withdrawal and payout agree everywhere', async () => {
    expect([R1, R2]).toEqual([360, 115]);
    const { page: staff } = await visitor(stack.shop.url);
    await logIn(staff, stack.shop.url, 'staff@lanxi.example', 'staff-2026', `/admin/orders/${orderD}`);
    await staff.locator('input[name=amount]').fill('50.00');
    await staff.locator('[data-refund-amount]').click();
    await staff.waitForURL(/refunded=/);
    await shot(staff, 'shop-refund');
    expect((await commissionsOf(stack, orderD)).map((c) => [c.reversed, c.status])).toEqual([[R1, 'pending'], [R2, 'pending']]);
    expect(stack.shop.services.orders.get(orderD)?.refunds[0]?.twotier?.commissions).toEqual([{ level: 1, amount: -R1, status: 'reversed' }, { level: 2, amount: -R2, status: 'reversed' }]);
    await cPage.goto(`${stack.shop.url}/account`);
    expect(await earningsLine(cPage, orderD)).toMatchObject({ amount: L1 - R1, states: [expect.stringMatching(/^Available from /), expect.stringMatching(/^CN¥3\.60 reversed: /)] });
    await shot(cPage, 'c-after-refund');
    await bPage.goto(`${stack.shop.url}/account`);
    expect(await earningsLine(bPage, orderD)).toMatchObject({ amount: L2 - R2, states: [expect.stringMatching(/^Available from /), expect.stringMatching(/^CN¥1\.15 reversed: /)] });

    // The hold period (7 days) passes on the server's clock; settlement makes the rest available.
    // The clock then returns: the shop signs its identity tokens for an hour of real time.
    stack.advanceClock(PROGRAM.holdDays + 1);
    const settled = await stack.call<{ settled: number; amount: number }>('POST', '/v1/settlements', {});
    stack.advanceClock(0);
    expect(settled).toEqual({ settled: 2, amount: L1 - R1 + (L2 - R2) });
    expect(await balanceOf(stack, C)).toMatchObject({ pending: 0, available: L1 - R1, paid: 0 });
    expect(await balanceOf(stack, B)).toMatchObject({ pending: 0, available: L2 - R2, paid: 0 });

    // C asks for ¥12.00 of the ¥12.79 available, in the panel.
    await cPage.goto(`${stack.shop.url}/account`);
    const panel = inlinePanel(cPage);
    await openTab(panel, 'Earnings');
    await expect.poll(async () => (await panelBalance(panel)).available).toBe(L1 - R1);
    // C adds a PayPal account (kept encrypted, shown masked), then confirms the quote naming it.
    await panel.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await panel.locator('input[aria-label="PayPal email"]').fill('chen.yu@example.com');
    await panel.getByRole('button', { name: 'Save account' }).click();
    await panel.getByText('PayPal c******@example.com').waitFor();
    await panel.locator('input[aria-label="Amount to withdraw"]').fill('12.00');
    await panel.getByRole('button', { name: 'Continue' }).click();
    await panel.getByRole('button', { name: 'Confirm withdrawal of CN¥12.00' }).click();
    await panel.locator('p[role=status]', { hasText: 'Requested' }).waitFor();
    await expect.poll(() => panelBalance(panel)).toEqual({ pending: 0, available: L1 - R1 - WITHDRAW, inWithdrawal: WITHDRAW, paid: 0 });
    await shot(cPage, 'c-withdrawal-requested');
    const [withdrawal] = (await stack.call<{ data: { id: string; amount: number; status: string }[] }>('GET', `/v1/withdrawals?distributorId=${C.id}`)).data;
    expect(withdrawal).toMatchObject({ amount: WITHDRAW, status: 'requested', payoutAccountId: expect.stringMatching(/^pay_/) });

    // The operator approves it and marks it paid in the dashboard.
    const { page: admin } = await visitor(stack.api);
    const failed = await signInDashboard(admin, stack.api, stack.admin.email, stack.admin.password);
    expect(await approveAndPay(admin, withdrawal!.id, 'ALIPAY-2026-0001')).toBe(WITHDRAW);
    const expected = { pending: 0, available: L1 - R1 - WITHDRAW, paid: WITHDRAW };
    expect(await dashboardBalance(admin, stack.api, C.id, 'c')).toEqual(expected);
    expect(await balanceOf(stack, C)).toMatchObject({ ...expected, inWithdrawal: 0 });
    await cPage.reload();
    await openTab(panel, 'Earnings');
    await expect.poll(() => panelBalance(panel)).toEqual({ ...expected, inWithdrawal: 0 });
    await shot(cPage, 'c-after-payout');
    expect(await dashboardBalance(admin, stack.api, B.id, 'b')).toEqual({ pending: 0, available: L2 - R2, paid: 0 });
    expect(failed).toEqual([]);
  });

  it('6a. with consent required and refused, a visit through C’s link records nothing: the order is organic', async () => {
    const touches = () => touchCount(stack);
    const before = await touches();
    const strict = stack.strictShop.url;
    const { page: f, errors } = await visitor(strict);
    await f.goto(`${strict}/products/fuzhou-jasmine?ref=${C.code}`);
    await f.locator('[data-consent-banner]:not([hidden])').waitFor();
    // The real tag is on the page, waiting for the answer.
    await f.waitForFunction(() => (window as { twotier?: { referral?: unknown } }).twotier?.referral !== undefined);
    await shot(f, 'consent-banner');
    await f.locator('[data-consent=deny]').click();
    await f.locator('[data-consent-banner]').waitFor({ state: 'hidden' });
    await addProducts(f, strict, [['fuzhou-jasmine', 1], ['travel-tea-set', 1]]);
    const order = await checkoutAndPay(f, strict, { name: 'Fang Hui', email: 'f@lanxi.example' });
    await shot(f, 'consent-refused-thanks');
    const shopOrder = stack.strictShop.services.orders.get(order);
    expect(shopOrder).toMatchObject({ total: TOTAL, twotier: { status: 'sent', commissions: [] } });
    expect(shopOrder?.referral).toEqual({}); // no visitor id, no code: the tag added no inputs, set no cookie
    expect(await commissionsOf(stack, order)).toEqual([]);
    expect(await touches()).toBe(before);
    expect(await trackingKeys(f)).toEqual([]);
    expect(errors).toEqual([]);
    // The control: the same visit with consent granted records its touch.
    const { page: h } = await visitor(strict);
    await h.goto(`${strict}/products/fuzhou-jasmine?ref=${C.code}`);
    await h.locator('[data-consent=grant]').click();
    await expect.poll(touches).toBe(before + 1);
    expect(await trackingKeys(h)).toEqual(expect.arrayContaining(['tt_ref', 'tt_vid']));
  });

  it('6b. a sale by E, recruited by C, pays E level 1, C level 2 and B nothing', async () => {
    await cPage.goto(`${stack.shop.url}/account`);
    await openTab(inlinePanel(cPage), 'Team');
    const inviteC = await copyLink(cPage, inlinePanel(cPage), 'Invite friends to share too');
    const { page: e } = await visitor(stack.shop.url);
    await e.goto(inviteC);
    // The tag has kept the invite once the panel names the inviter.
    await e.locator('[data-launcher] dialog.sheet').getByText('Chen Yu invited you').first().waitFor();
    await shot(e, 'e-invited-by-c');
    await signUp(e, stack.shop.url, { name: 'Eva Zhou', email: 'e@lanxi.example', password: 'eva-zhou-2026' });
    await joinFromPanel(inlinePanel(e));
    const E = await distributorByEmail('e@lanxi.example');
    expect(E.parentId).toBe(C.id);
    await e.goto(`${stack.shop.url}/products/anxi-tieguanyin`);
    const link = await copyLink(e, await openLauncher(e), 'Your link to this page');

    const { page: g } = await visitor(stack.shop.url);
    await g.goto(link);
    await waitForReferral(g, E.code);
    await addProducts(g, stack.shop.url, [['anxi-tieguanyin', 2]]);
    const order = await checkoutAndPay(g, stack.shop.url, { name: 'Gao Yan', email: 'g@lanxi.example' });
    // Two Tieguanyin at ¥128.00 = ¥256.00: L1 10% = 2560 fen, L2 3% = 768 fen.
    const [eL1, cL2] = [halfEven(BigInt(2 * 12_800 * l1Bps), 10_000n), halfEven(BigInt(2 * 12_800 * l2Bps), 10_000n)];
    expect([eL1, cL2]).toEqual([2_560, 768]);
    const paid = await commissionsOf(stack, order);
    expect(paid).toEqual([
      expect.objectContaining({ level: 1, distributorId: E.id, amount: eL1, status: 'pending' }),
      expect.objectContaining({ level: 2, distributorId: C.id, amount: cL2, status: 'pending' }),
    ]);
    await e.goto(`${stack.shop.url}/account`);
    expect(await earningsLine(e, order)).toMatchObject({ amount: eL1, level: 'your sale', status: expect.stringMatching(/^Available from /) });
    await shot(e, 'e-level1-pending');
    await cPage.goto(`${stack.shop.url}/account`);
    expect(await earningsLine(cPage, order)).toMatchObject({ amount: cL2, level: 'from your recruit Eva Zhou', status: expect.stringMatching(/^Available from /) });
    await shot(cPage, 'c-level2-from-e');
    await bPage.goto(`${stack.shop.url}/account`);
    expect(await earningsLine(bPage, orderD)).toMatchObject({ amount: L2 - R2, status: 'Available now' });
    expect(await inlinePanel(bPage).getByText(`Order ${order}`).count()).toBe(0);
    expect(await panelBalance(inlinePanel(bPage))).toEqual({ pending: 0, available: L2 - R2, inWithdrawal: 0, paid: 0 });
    await shot(bPage, 'b-nothing-from-e');
    expect(await balanceOf(stack, B)).toMatchObject({ pending: 0, available: L2 - R2 });
  });
});
