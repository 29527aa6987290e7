import type { Page } from 'playwright-core';
import { fenOf, inlinePanel, openTab } from './browser';
import type { Stack } from './stack';

/** A distributor as `GET /v1/distributors` returns it. */
export interface Distributor {
  id: string;
  code: string;
  name: string;
  email: string | null;
  externalId: string | null;
  parentId: string | null;
  status: string;
}

/** A commission as `GET /v1/commissions` returns it. */
export interface Commission {
  id: string;
  orderId: string;
  distributorId: string;
  level: 1 | 2;
  amount: number;
  reversed: number;
  status: string;
}

/** `numerator ÷ denominator` rounded half to even, as the commission engine rounds (integers only). */
export function halfEven(numerator: bigint, denominator: bigint): number {
  const q = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) return Number(q + 1n);
  return Number(q);
}

/** The commissions of one order through the API (secret key), level 1 first. */
export async function commissionsOf(stack: Stack, orderId: string): Promise<Commission[]> {
  const page = await stack.call<{ data: Commission[] }>('GET', `/v1/commissions?orderId=${encodeURIComponent(orderId)}`);
  return [...page.data].sort((a, b) => a.level - b.level);
}

/** The distributor with this email, through the API (secret key). */
export async function distributorByEmail(stack: Stack, email: string): Promise<Distributor> {
  const list = await stack.call<{ data: Distributor[] }>('GET', `/v1/distributors?q=${encodeURIComponent(email)}`);
  const found = list.data.find((d) => d.email === email);
  if (!found) throw new Error(`no distributor with email ${email}`);
  return found;
}

/** A distributor's balance through the API, fen. */
export const balanceOf = (stack: Stack, d: Distributor): Promise<Record<string, number>> =>
  stack.call('GET', `/v1/distributors/${d.id}/balance`);

/** How many touches (visits with a referral) the server has recorded for the shop. */
export async function touchCount(stack: Stack): Promise<number> {
  const row = await stack.server.db.kysely
    .selectFrom('touches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', stack.shopId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One line of the panel's recent commissions, as a distributor reads it. */
export interface EarningsLine {
  /** What is left after refunds, fen. */
  amount: number;
  level: string;
  status: string;
  /** The "Why?" lines: sku × quantity: rate of base. */
  why: string[];
  /** What the explanation adds below the lines (a cap). */
  notes: string[];
  /** The line's state texts: when it can be withdrawn, what refunds took back. */
  states: string[];
}

/** Opens the Earnings tab of the inline panel on /account and reads the line of `orderId`, with its explanation. */
export async function earningsLine(page: Page, orderId: string): Promise<EarningsLine> {
  const panel = inlinePanel(page);
  await openTab(panel, 'Earnings');
  const item = panel.locator('li', { has: page.getByText(`Order ${orderId}`, { exact: true }) });
  await item.waitFor();
  // `· whose sale it was`, then the state: when it can be withdrawn, and what refunds took back
  const level = ((await item.locator(':scope > span.muted').textContent()) ?? '').replace('·', '').trim();
  const states = (await item.locator(':scope > div.state').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
  const status = states[0] ?? '';
  await item.locator('summary', { hasText: 'Why?' }).click();
  // the explanation's words are a chunk of their own, loaded with the list
  await item.locator('details li').first().waitFor();
  const tidy = (lines: string[]) => lines.map((s) => s.replace(/\s+/g, ' ').trim());
  const why = tidy(await item.locator('details li').allTextContents());
  const notes = tidy(await item.locator('details p').allTextContents());
  return { amount: fenOf(await item.locator('.amt').textContent()), level, status, why, notes, states };
}
