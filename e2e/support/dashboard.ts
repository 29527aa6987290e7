import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { fenOf, shot } from './browser';

/**
 * Signs in to the operator's dashboard at `<api>/admin` through its form.
 * Returns the list, kept up to date, of the dashboard's calls that failed
 * from then on (the session probe before signing in answers 401 by design).
 */
export async function signInDashboard(page: Page, api: string, email: string, password: string): Promise<string[]> {
  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/v1/admin/session') && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(`${api}/admin`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form.signin-card button[type=submit]').click();
  await page.locator('nav.sidenav').waitFor();
  return failed;
}

/**
 * Approves a requested withdrawal on the Withdrawals page, then marks it paid
 * from the Approved tab with the payout's reference; returns the amount the
 * row showed, in fen.
 */
export async function approveAndPay(page: Page, withdrawalId: string, reference: string): Promise<number> {
  await page.locator('nav.sidenav a', { hasText: 'Withdrawals' }).click();
  const requested = page.locator(`tr[data-withdrawal="${withdrawalId}"]`);
  await requested.waitFor();
  const shownText = (await requested.locator('td.num').textContent())?.trim() ?? '';
  const shown = fenOf(shownText);
  await shot(page, 'dashboard-withdrawal-requested');
  // approving asks first, naming the amount: the operator reads it and accepts
  const asked = new Promise<string>((done) => page.once('dialog', (d) => { done(d.message()); void d.accept(); }));
  await requested.locator('button', { hasText: 'Approve' }).click();
  expect(await asked).toContain(shownText);
  await requested.waitFor({ state: 'detached' });

  await page.locator('.tabs button', { hasText: 'Approved' }).click();
  const approved = page.locator(`tr[data-withdrawal="${withdrawalId}"]`);
  await approved.locator('button', { hasText: 'Mark paid' }).click();
  await page.locator('dialog input[name=value]').fill(reference);
  await page.locator('dialog button[type=submit]').click();
  await approved.waitFor({ state: 'detached' });

  await page.locator('.tabs button', { hasText: 'Paid' }).click();
  await page.locator(`tr[data-withdrawal="${withdrawalId}"]`, { hasText: reference }).waitFor();
  await shot(page, 'dashboard-withdrawal-paid');
  return shown;
}

/** The balance card of a distributor's dashboard page, in fen (waits until it has loaded). */
export async function dashboardBalance(page: Page, api: string, distributorId: string, name: string): Promise<Record<'pending' | 'available' | 'paid', number>> {
  await page.goto(`${api}/admin/distributors/${distributorId}`);
  const value = async (label: string) => {
    const dd = page.locator('dl.stats > div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
    await dd.filter({ hasText: /\d/ }).waitFor().catch(async (e: unknown) => {
      await shot(page, `dashboard-balance-${name}-failed`);
      const notices = await page.locator('.notice').allTextContents();
      throw new Error(`the dashboard shows no ${label} balance for ${name} (${page.url()}; notices: ${JSON.stringify(notices)})`, { cause: e });
    });
    return fenOf(await dd.textContent());
  };
  const balance = { pending: await value('Pending'), available: await value('Available'), paid: await value('Paid') };
  await shot(page, `dashboard-balance-${name}`);
  return balance;
}
