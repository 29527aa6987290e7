import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';

/** A JSON answer. */
export interface Answer {
  status: number;
  body: any;
}

/**
 * Sends one request to server number `target` (an in-process app or a
 * process behind a socket). `auth` is the bearer token, if any.
 */
export type Send = (target: number, method: string, path: string, auth?: string, body?: unknown) => Promise<Answer>;

/** What one run of {@link runLedgerScenario} leaves behind, comparable between one and several servers. */
export interface ScenarioOutcome {
  orders: { created: number; replayed: number; other: number; commissionIds: number };
  refunds: { created: number; replayed: number; other: number };
  withdrawals: { accepted: number; refused: number; other: number; withdrawn: number };
  balances: { l1: unknown; l2: unknown };
  /** The answers that were neither 200 nor 201 (nor 409 for withdrawals), to explain a failure. */
  unexpected: Answer[];
}

const id = (p: string) => `${p}_${randomBytes(5).toString('hex')}`;
const strip = (b: any) => JSON.stringify(b);

/**
 * A shop with a two-level chain; `orders` orders each posted `copies` times at
 * once, spread over `targets` servers; a refund of a third of them posted the
 * same way; settlement asked of every server at once; then `withdrawals`
 * requests of 1,000 against one balance, all at once. Every copy of an order
 * or refund must carry the same answer.
 */
export async function runLedgerScenario(send: Send, targets: number, operatorToken: string, orders = 20, copies = 4, withdrawals = 30): Promise<ScenarioOutcome> {
  const made = await send(0, 'POST', '/v1/shops', operatorToken, { name: 'Lanxi Tea', currency: 'CNY', allowedOrigins: ['https://shop.example'] });
  expect(made.status).toBe(201);
  const sk: string = made.body.secretKey;
  const put = await send(0, 'PUT', '/v1/program', sk, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
  expect(put.status).toBe(200);
  const l2 = (await send(0, 'POST', '/v1/distributors', sk, { name: 'Li Na', code: id('p') })).body;
  const l1 = (await send(targets - 1, 'POST', '/v1/distributors', sk, { name: 'Wang Fang', code: id('c'), parentCode: l2.code })).body;
  expect(l1.parentId).toBe(l2.id);

  const orderIds = Array.from({ length: orders }, () => id('o'));
  const orderAnswers = await Promise.all(
    orderIds.flatMap((oid, i) =>
      Array.from({ length: copies }, (_, k) =>
        send((i + k) % targets, 'POST', '/v1/orders', sk, { id: oid, currency: 'CNY', items: [{ sku: 'tea', quantity: 1, unitPrice: 10_000 }], referralCode: l1.code }),
      ),
    ),
  );
  const refundAnswers = await Promise.all(
    orderIds
      .slice(0, Math.floor(orders / 3))
      .flatMap((oid, i) => Array.from({ length: copies }, (_, k) => send((i + k) % targets, 'POST', `/v1/orders/${oid}/refunds`, sk, { id: `r_${oid}`, amount: 5_000 }))),
  );
  for (let i = 0; i < orderAnswers.length; i += copies) {
    const group = orderAnswers.slice(i, i + copies).filter((a) => a.status < 300);
    for (const a of group) expect(strip(a.body)).toBe(strip(group[0]!.body));
  }
  await Promise.all(Array.from({ length: targets }, (_, t) => send(t, 'POST', '/v1/settlements', sk)));

  const withdrawalAnswers = await Promise.all(
    Array.from({ length: withdrawals }, (_, i) => send(i % targets, 'POST', '/v1/withdrawals', sk, { distributorId: l1.id, amount: 1_000 })),
  );
  const count = (as: Answer[], s: number) => as.filter((a) => a.status === s).length;
  const commissionIds = new Set(orderAnswers.flatMap((a) => (a.body?.commissions ?? []).map((c: any) => c.id)));
  const [b1, b2] = await Promise.all([send(0, 'GET', `/v1/distributors/${l1.id}/balance`, sk), send(targets - 1, 'GET', `/v1/distributors/${l2.id}/balance`, sk)]);
  return {
    orders: { created: count(orderAnswers, 201), replayed: count(orderAnswers, 200), other: orderAnswers.length - count(orderAnswers, 201) - count(orderAnswers, 200), commissionIds: commissionIds.size },
    refunds: { created: count(refundAnswers, 201), replayed: count(refundAnswers, 200), other: refundAnswers.length - count(refundAnswers, 201) - count(refundAnswers, 200) },
    withdrawals: {
      accepted: count(withdrawalAnswers, 201),
      refused: count(withdrawalAnswers, 409),
      other: withdrawalAnswers.length - count(withdrawalAnswers, 201) - count(withdrawalAnswers, 409),
      withdrawn: withdrawalAnswers.filter((a) => a.status === 201).reduce((s, a) => s + Number(a.body.amount), 0),
    },
    balances: { l1: { ...b1.body, distributorId: 'l1' }, l2: { ...b2.body, distributorId: 'l2' } },
    unexpected: [...orderAnswers, ...refundAnswers].filter((a) => a.status !== 200 && a.status !== 201).concat(withdrawalAnswers.filter((a) => a.status !== 201 && a.status !== 409)),
  };
}

/** The outcome the scenario must have, worked out by hand: what one server gives. */
export function expectedOutcome(orders = 20, copies = 4, withdrawals = 30) {
  const refunded = Math.floor(orders / 3);
  // level 1 earns 1,000 per order, level 2 500; a half refund reverses half of each
  const l1Earned = orders * 1_000 - refunded * 500;
  const accepted = Math.min(withdrawals, Math.floor(l1Earned / 1_000));
  return {
    orders: { created: orders, replayed: orders * (copies - 1), other: 0, commissionIds: orders * 2 },
    refunds: { created: refunded, replayed: refunded * (copies - 1), other: 0 },
    withdrawals: { accepted, refused: withdrawals - accepted, other: 0, withdrawn: accepted * 1_000 },
    l1Available: l1Earned - accepted * 1_000,
    l2Available: orders * 500 - refunded * 250,
  };
}

/** Asserts that a scenario's outcome is exactly what one server gives (see {@link expectedOutcome}). */
export function expectSingleServerResults(outcome: ScenarioOutcome): void {
  const expected = expectedOutcome();
  expect(outcome.unexpected).toEqual([]);
  expect(outcome.orders).toEqual(expected.orders);
  expect(outcome.refunds).toEqual(expected.refunds);
  expect(outcome.withdrawals).toEqual(expected.withdrawals);
  expect(outcome.balances.l1).toMatchObject({ available: expected.l1Available, pending: 0 });
  expect(outcome.balances.l2).toMatchObject({ available: expected.l2Available, pending: 0 });
}
