import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programSchema } from '../schema/program';
import { evaluateCommissions } from './evaluate';
import { refundedItemsMoney } from './refund-money';
import { reverseCommissions } from './reverse';
import type { CommissionOrder, OrderLine } from './types';

const program = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 } });
const chain = { level1: { id: 'd1', status: 'active' as const }, level2: { id: 'p1', status: 'active' as const } };
const order = (items: OrderLine[], discount = 0): CommissionOrder => ({ items, discount, shipping: 800, placedAt: new Date('2026-03-02T00:00:00Z'), customer: 'new' });

describe('refundedItemsMoney', () => {
  it('gives back a line\'s base per unit, rounded down, after the order discount', () => {
    const o = order([{ sku: 'TEA', quantity: 3, unitPrice: 3000 }, { sku: 'CUP', quantity: 1, unitPrice: 1000 }], 1000);
    const evaluation = evaluateCommissions(o, chain, program);
    expect(evaluation.lineBases).toEqual([8100, 900]);
    expect(refundedItemsMoney(o, evaluation, [{ sku: 'TEA', quantity: 1 }])).toBe(2700);
    expect(refundedItemsMoney(o, evaluation, [{ sku: 'TEA', quantity: 2 }, { sku: 'CUP', quantity: 1 }])).toBe(5400 + 900);
    expect(refundedItemsMoney(o, evaluation, [])).toBe(0);
    expect(refundedItemsMoney(o, evaluation, [{ sku: 'NOPE', quantity: 4 }])).toBe(0);
  });

  it('takes a sku on several lines from its lines in order', () => {
    const o = order([{ sku: 'TEA', quantity: 1, unitPrice: 1000 }, { sku: 'TEA', quantity: 2, unitPrice: 700 }]);
    const evaluation = evaluateCommissions(o, chain, program);
    expect(refundedItemsMoney(o, evaluation, [{ sku: 'TEA', quantity: 2 }])).toBe(1000 + 700);
    expect(refundedItemsMoney(o, evaluation, [{ sku: 'TEA', quantity: 3 }])).toBe(2400);
  });

  const lines = fc.array(
    fc.record({ sku: fc.constantFrom('A', 'B', 'C'), quantity: fc.integer({ min: 1, max: 9 }), unitPrice: fc.integer({ min: 0, max: 1_000_000 }) }),
    { minLength: 1, maxLength: 6 },
  );
  const case_ = lines.chain((items) =>
    fc.record({
      items: fc.constant(items),
      discount: fc.integer({ min: 0, max: items.reduce((s, l) => s + l.quantity * l.unitPrice, 0) }),
      // units to refund per sku, within what was bought
      refund: fc.tuple(...['A', 'B', 'C'].map((sku) => fc.integer({ min: 0, max: items.filter((l) => l.sku === sku).reduce((s, l) => s + l.quantity, 0) }))),
    }),
  );

  it('is a whole number between 0 and the base, all units give back the whole base to the unit rounding, more units never give less', () => {
    fc.assert(
      fc.property(case_, ({ items, discount, refund }) => {
        const o = order(items, discount);
        const evaluation = evaluateCommissions(o, chain, program);
        const asked = ['A', 'B', 'C'].map((sku, i) => ({ sku, quantity: refund[i]! })).filter((x) => x.quantity > 0);
        const money = refundedItemsMoney(o, evaluation, asked);
        expect(Number.isSafeInteger(money)).toBe(true);
        expect(money).toBeGreaterThanOrEqual(0);
        expect(money).toBeLessThanOrEqual(evaluation.base);
        // every unit refunded gives back exactly the base (a full line's floor is the line)
        const all = ['A', 'B', 'C'].map((sku) => ({ sku, quantity: items.filter((l) => l.sku === sku).reduce((s, l) => s + l.quantity, 0) }));
        expect(refundedItemsMoney(o, evaluation, all)).toBe(evaluation.base);
        // one more unit of a sku never gives back less
        for (const a of all) {
          const now = asked.find((x) => x.sku === a.sku)?.quantity ?? 0;
          if (now < a.quantity) {
            const more = [...asked.filter((x) => x.sku !== a.sku), { sku: a.sku, quantity: now + 1 }];
            expect(refundedItemsMoney(o, evaluation, more)).toBeGreaterThanOrEqual(money);
          }
        }
        // within what reverseCommissions accepts for the same units
        if (asked.length > 0) expect(() => reverseCommissions({ order: o, evaluation, previous: [], refund: { items: asked } })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
