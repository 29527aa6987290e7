import { describe, expect, it } from 'vitest';
import { RefundError } from '../errors';
import { programSchema } from '../schema/program';
import { evaluateCommissions } from './evaluate';
import { reverseCommissions } from './reverse';
import type { CommissionOrder, DistributorChain, RefundInput } from './types';

const program = programSchema.parse({
  levels: 2,
  defaultRates: { level1Bps: 1000, level2Bps: 300 },
  rules: [{ id: 'books', when: { sku: ['BOOK'] }, level1: { percentBps: 2000 }, level2: { percentBps: 500 } }],
});
const chain: DistributorChain = { level1: { id: 'd1', status: 'active' }, level2: { id: 'p1', status: 'active' } };
// BOOK 2 × 5000 at 20% / 5% = 2000 / 500; PEN 4 × 500 at 10% / 3% = 200 / 60; paid 12000 + 1000 shipping.
const order: CommissionOrder = {
  items: [
    { sku: 'BOOK', quantity: 2, unitPrice: 5000 },
    { sku: 'PEN', quantity: 4, unitPrice: 500 },
  ],
  shipping: 1000,
  placedAt: new Date('2026-05-01T00:00:00Z'),
  customer: 'returning',
};
const evaluation = evaluateCommissions(order, chain, program);
const reverse = (refund: RefundInput, previous: RefundInput[] = []) => reverseCommissions({ order, evaluation, previous, refund });

const refundError = (fn: () => unknown): RefundError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RefundError) return e;
    throw e;
  }
  throw new Error('expected a RefundError');
};

describe('reverseCommissions', () => {
  it('earned 2200 at level 1 and 560 at level 2', () => {
    expect(evaluation.commissions.map((c) => c.amount)).toEqual([2200, 560]);
    expect(evaluation.totalPaid).toBe(13_000);
  });

  it('by items, reverses what those units earned at each level', () => {
    // One book: 2000 × 1/2 = 1000 of L1; 500 × 1/2 = 250 of L2.
    expect(reverse({ items: [{ sku: 'BOOK', quantity: 1 }] })).toEqual([
      { level: 1, distributorId: 'd1', amount: 1000, cumulative: 1000, earned: 2200 },
      { level: 2, distributorId: 'p1', amount: 250, cumulative: 250, earned: 560 },
    ]);
    // Three pens: 200 × 3/4 = 150; 60 × 3/4 = 45.
    expect(reverse({ items: [{ sku: 'PEN', quantity: 3 }] }).map((r) => r.amount)).toEqual([150, 45]);
  });

  it('by amount, reverses amount ÷ total paid (shipping included)', () => {
    // 1300 of 13000 = 10%: 220 and 56.
    expect(reverse({ amount: 1300 }).map((r) => r.amount)).toEqual([220, 56]);
    // Shipping alone (1000 of 13000): 2200 × 1/13 = 169.23 → 169; 560/13 = 43.08 → 43.
    expect(reverse({ amount: 1000 }).map((r) => r.amount)).toEqual([169, 43]);
  });

  it('with items and an amount, the items decide the reversal and the amount counts towards what was paid', () => {
    const first: RefundInput = { items: [{ sku: 'PEN', quantity: 4 }], amount: 2000 };
    expect(reverse(first).map((r) => r.amount)).toEqual([200, 60]);
    // An amount-only refund after it: 1300 of 13000 adds 10% of each level on top.
    expect(reverse({ amount: 1300 }, [first]).map((r) => r.cumulative)).toEqual([200 + 220, 60 + 56]);
    // Refunding the rest of the money reverses everything that is left.
    expect(reverse({ amount: 11_000 }, [first]).map((r) => [r.amount, r.cumulative])).toEqual([
      [2000, 2200],
      [500, 560],
    ]);
  });

  it('never reverses more than was earned, even when items and amounts overlap', () => {
    const previous: RefundInput[] = [{ items: [{ sku: 'BOOK', quantity: 2 }] }];
    expect(reverse({ amount: 12_000 }, previous).map((r) => [r.amount, r.cumulative])).toEqual([
      [200, 2200],
      [60, 560],
    ]);
  });

  it.each([
    [{ items: [{ sku: 'BOOK', quantity: 3 }] }, [], 'too_many_items', /3 units of BOOK refunded in all, but only 2 were bought/],
    [{ items: [{ sku: 'BOOK', quantity: 1 }] }, [{ items: [{ sku: 'BOOK', quantity: 2 }] }], 'too_many_items', /this refund: 3 units of BOOK/],
    [{ amount: 13_001 }, [], 'too_much_money', /refunds would total 13001, more than the 13000 paid/],
    [{ amount: 1 }, [{ amount: 13_000 }], 'too_much_money', /this refund: refunds would total 13001/],
    [{ items: [{ sku: 'HAT', quantity: 1 }] }, [], 'unknown_sku', /sku "HAT" is not in this order/],
    [{ items: [{ sku: 'PEN', quantity: 0 }] }, [], 'invalid_refund', /quantity of PEN must be a whole number ≥ 1/],
    [{ amount: 10.5 }, [], 'invalid_refund', /amount must be a whole number ≥ 0, got 10.5/],
    [{}, [], 'invalid_refund', /this refund names neither an amount nor items/],
    [{ amount: 1 }, [{ items: [{ sku: 'HAT', quantity: 1 }] }], 'unknown_sku', /earlier refund 1: sku "HAT"/],
    [{ amount: 1 }, [null as unknown as RefundInput], 'invalid_refund', /earlier refund 1 is not a refund/],
  ])('refuses %j after %j', (refund, previous, code, message) => {
    const error = refundError(() => reverse(refund as RefundInput, previous as RefundInput[]));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses an evaluation of another order', () => {
    const other = evaluateCommissions({ ...order, items: order.items.slice(0, 1) }, chain, program);
    const error = refundError(() => reverseCommissions({ order, evaluation: other, previous: [], refund: { amount: 1 } }));
    expect(error.code).toBe('evaluation_mismatch');
  });

  it('reverses nothing when nothing was earned, and nothing for nobody', () => {
    const zero = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 0, level2Bps: 0 } });
    const none = evaluateCommissions(order, chain, zero);
    expect(reverseCommissions({ order, evaluation: none, previous: [], refund: { amount: 13_000 } }).map((r) => r.amount)).toEqual([0, 0]);
    const organic = evaluateCommissions(order, { level1: null, level2: null }, program);
    expect(reverseCommissions({ order, evaluation: organic, previous: [], refund: { amount: 100 } })).toEqual([]);
  });

  it('handles a free order: items reverse by share, money cannot be refunded', () => {
    const free: CommissionOrder = { ...order, items: [{ sku: 'PEN', quantity: 2, unitPrice: 0 }], shipping: 0 };
    const evaluationFree = evaluateCommissions(free, chain, program);
    expect(reverseCommissions({ order: free, evaluation: evaluationFree, previous: [], refund: { items: [{ sku: 'PEN', quantity: 1 }] } }).map((r) => r.amount)).toEqual([0, 0]);
    expect(reverseCommissions({ order: free, evaluation: evaluationFree, previous: [], refund: { amount: 0 } }).map((r) => r.amount)).toEqual([0, 0]);
    expect(() => reverseCommissions({ order: free, evaluation: evaluationFree, previous: [], refund: { amount: 1 } })).toThrow(RefundError);
  });

  it('spreads a sku over all the lines that sold it', () => {
    const split: CommissionOrder = { ...order, items: [{ sku: 'PEN', quantity: 1, unitPrice: 1000 }, { sku: 'PEN', quantity: 3, unitPrice: 0 }] };
    const e = evaluateCommissions(split, chain, program);
    // L1 100 earned on the 4 pens together: one pen back reverses 100 × 1/4 = 25; all four reverse 100.
    expect(reverseCommissions({ order: split, evaluation: e, previous: [], refund: { items: [{ sku: 'PEN', quantity: 1 }] } }).map((r) => r.amount)).toEqual([25, 8]);
    expect(reverseCommissions({ order: split, evaluation: e, previous: [], refund: { items: [{ sku: 'PEN', quantity: 4 }] } }).map((r) => r.amount)).toEqual([100, 30]);
  });
});
