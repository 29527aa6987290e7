import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { RefundError } from '../errors';
import { roundHalfEven } from '../money/round';
import { programSchema, type Program } from '../schema/program';
import { evaluateCommissions } from './evaluate';
import { reverseCommissions } from './reverse';
import { evaluationFromStored, storedEvaluation } from './stored-evaluation';
import type { ChainMember, CommissionOrder, DistributorChain, OrderLine, RefundInput } from './types';

/** A thousand runs can take seconds on a busy machine. */
const PROPERTY_TIMEOUT = 60_000;

const RUNS = { numRuns: 1000 };
const SKUS = ['A', 'B', 'C', 'D', 'E'];
const CATEGORIES = ['tea', 'coffee', 'gift'];
const GRADES = ['silver', 'gold', 'ghost'];

const rateArb = fc.oneof(
  fc.record({ percentBps: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ fixedPerUnit: fc.integer({ min: 0, max: 5_000 }) }),
);
const ruleArb = fc
  .record({
    priority: fc.integer({ min: -2, max: 2 }),
    when: fc.record(
      {
        sku: fc.uniqueArray(fc.constantFrom(...SKUS), { minLength: 1, maxLength: 2 }),
        category: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 2 }),
        region: fc.constant(['north']),
        // rules name only grades the program defines (the schema refuses others); members may still hold an unknown one
        grade: fc.uniqueArray(fc.constantFrom(...GRADES.filter((g) => g !== 'ghost')), { minLength: 1, maxLength: 2 }),
        customer: fc.constantFrom('new' as const, 'returning' as const),
        from: fc.constant('2026-03-01'),
        until: fc.constant('2026-03-31'),
      },
      { requiredKeys: [] },
    ),
    gives: fc.constantFrom('exclude', 'level1', 'level2', 'both', 'both'),
    level1: rateArb,
    level2: rateArb,
  })
  .map(({ gives, level1, level2, ...r }) =>
    gives === 'exclude'
      ? { ...r, exclude: true as const }
      : { ...r, ...(gives !== 'level2' ? { level1 } : {}), ...(gives !== 'level1' ? { level2 } : {}) },
  );

const programArb: fc.Arbitrary<Program> = fc
  .record({
    levels: fc.constantFrom(1 as const, 2 as const),
    level1Bps: fc.integer({ min: 0, max: 10_000 }),
    level2Bps: fc.integer({ min: 0, max: 10_000 }),
    rules: fc.array(ruleArb, { maxLength: 12 }),
    capBps: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
  })
  .map(({ levels, level1Bps, level2Bps, rules, capBps }) =>
    programSchema.parse({
      levels,
      defaultRates: { level1Bps, level2Bps: levels === 1 ? 0 : level2Bps },
      rules: rules.map((r, i) => ({ id: `r${i}`, ...r })),
      grades: [
        { id: 'silver', name: 'Silver', level1Bps: 1200, level2Bps: 400 },
        { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 700 },
      ],
      capBps,
    }),
  );

const lineArb: fc.Arbitrary<OrderLine> = fc
  .record({
    sku: fc.constantFrom(...SKUS),
    category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
    quantity: fc.integer({ min: 1, max: 12 }),
    unitPrice: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2_000_000 })),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ share, ...l }) => ({ ...l, discount: Math.floor(l.quantity * l.unitPrice * share * 0.5) }));

const generalOrderArb: fc.Arbitrary<CommissionOrder> = fc
  .record({
    items: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
    discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
    shipping: fc.integer({ min: 0, max: 2_000 }),
    tax: fc.integer({ min: 0, max: 5_000 }),
    region: fc.constantFrom(undefined, 'north', 'south'),
    customer: fc.constantFrom('new' as const, 'returning' as const),
    day: fc.integer({ min: 20, max: 50 }),
  })
  .map(({ items, discountShare, day, ...rest }) => {
    const lines = items.reduce((s, l) => s + l.quantity * l.unitPrice - (l.discount ?? 0), 0);
    return { ...rest, items, discount: Math.floor(lines * discountShare), placedAt: new Date(Date.UTC(2026, 1, day, 12)) };
  });

/** Small equal prices and a few fen of order discount: remainders tie, so who gets the last fen is tested. */
const tieProneOrderArb: fc.Arbitrary<CommissionOrder> = fc
  .record({
    items: fc.array(
      fc.record({ sku: fc.constantFrom(...SKUS), category: fc.constantFrom(undefined, 'tea'), quantity: fc.constant(1), unitPrice: fc.constantFrom(1, 3, 10) }),
      { minLength: 2, maxLength: 6 },
    ),
    discount: fc.integer({ min: 1, max: 5 }),
    customer: fc.constantFrom('new' as const, 'returning' as const),
  })
  .map(({ items, discount, customer }) => ({
    items,
    discount: Math.min(discount, items.reduce((s, l) => s + l.unitPrice, 0)),
    customer,
    placedAt: new Date(Date.UTC(2026, 2, 10)),
  }));

const orderArb = fc.oneof(generalOrderArb, tieProneOrderArb);

const memberArb = (id: string): fc.Arbitrary<ChainMember | null> =>
  fc.option(
    fc.record({
      id: fc.constant(id),
      status: fc.constantFrom('active' as const, 'active' as const, 'pending' as const, 'suspended' as const),
      grade: fc.constantFrom(undefined, null, ...GRADES),
    }),
    { nil: null, freq: 5 },
  );
const chainArb: fc.Arbitrary<DistributorChain> = fc.record({ level1: memberArb('d1'), level2: memberArb('p1') });

describe('commission invariants', () => {
  it('pays whole amounts ≥ 0, within the cap, only to active members of the first two levels', () => {
    fc.assert(
      fc.property(orderArb, chainArb, programArb, (order, chain, program) => {
        const result = evaluateCommissions(order, chain, program);
        expect(result.lineBases.reduce((a, b) => a + b, 0)).toBe(result.base);
        expect(result.commissions.length + result.notPaid.length).toBe(2);
        let total = 0;
        for (const c of result.commissions) {
          expect(Number.isSafeInteger(c.amount) && c.amount >= 0).toBe(true);
          total += c.amount;
          const member = c.level === 1 ? chain.level1 : chain.level2;
          expect(member?.id).toBe(c.distributorId);
          expect(member?.status).toBe('active');
          if (c.level === 2) expect(program.levels).toBe(2);
          if (program.capBps === null) {
            const exact = c.lines.reduce((s, l) => s + l.exact, 0);
            expect(c.amount).toBe(roundHalfEven(exact, 10_000));
          }
        }
        expect(result.commissions.map((c) => c.level)).toEqual([1, 2].slice(0, result.commissions.length));
        if (chain.level1?.status !== 'active') expect(result.commissions).toEqual([]);
        if (program.capBps !== null) expect(total).toBeLessThanOrEqual(Math.floor((result.base * program.capBps) / 10_000));
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(orderArb, chainArb, programArb, fc.infiniteStream(fc.nat()), (order, chain, program, random) => {
        const perm = order.items.map((_, i) => i);
        for (let i = perm.length - 1; i > 0; i--) {
          const j = (random.next().value as number) % (i + 1);
          [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
        }
        const shuffled = { ...order, items: perm.map((i) => order.items[i] as OrderLine) };
        const a = evaluateCommissions(order, chain, program);
        const b = evaluateCommissions(shuffled, chain, program);
        expect(b.base).toBe(a.base);
        expect(b.totalPaid).toBe(a.totalPaid);
        expect(b.notPaid).toEqual(a.notPaid);
        expect(b.commissions.map((c) => [c.amount, c.exactNumerator, c.exactDenominator, c.summary])).toEqual(
          a.commissions.map((c) => [c.amount, c.exactNumerator, c.exactDenominator, c.summary]),
        );
        // Lines identical in content are interchangeable: compare each line's outcome as a multiset.
        const outcomes = (r: typeof a, items: readonly OrderLine[]) =>
          items
            .map((item, i) => JSON.stringify([item, r.lineBases[i], r.commissions.map((c) => ({ ...c.lines[i], line: 0 }))]))
            .sort();
        expect(outcomes(b, shuffled.items)).toEqual(outcomes(a, order.items));
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);
});

/** Splits `total` into `parts` positive-or-zero integers from random cut points. */
const cuts = (total: number, parts: number, random: fc.Stream<number>): number[] => {
  const points = Array.from({ length: parts - 1 }, () => (random.next().value as number) % (total + 1)).sort((x, y) => x - y);
  return [...points, total].map((p, i) => p - (i === 0 ? 0 : (points[i - 1] as number)));
};

const refundPlanArb = fc.record({ byItems: fc.boolean(), parts: fc.integer({ min: 1, max: 9 }), random: fc.infiniteStream(fc.nat()) });

describe('refund invariants', () => {
  it('any sequence of partial refunds reverses exactly what was earned once all is refunded, and never more before', () => {
    fc.assert(
      fc.property(orderArb, programArb, refundPlanArb, (order, program, { byItems, parts, random }) => {
        const chain: DistributorChain = { level1: { id: 'd1', status: 'active' }, level2: { id: 'p1', status: 'active' } };
        const evaluation = evaluateCommissions(order, chain, program);
        const refunds: RefundInput[] = [];
        if (byItems) {
          const units = order.items.flatMap((l) => Array.from({ length: l.quantity }, () => l.sku));
          const sizes = cuts(units.length, parts, random).filter((s) => s > 0);
          let start = 0;
          for (const size of sizes) {
            const counts = new Map<string, number>();
            for (const sku of units.slice(start, start + size)) counts.set(sku, (counts.get(sku) ?? 0) + 1);
            refunds.push({ items: [...counts].map(([sku, quantity]) => ({ sku, quantity })) });
            start += size;
          }
        } else {
          for (const amount of cuts(evaluation.totalPaid, parts, random)) refunds.push({ amount });
        }
        const reversed = evaluation.commissions.map(() => 0);
        refunds.forEach((refund, i) => {
          const out = reverseCommissions({ order, evaluation, previous: refunds.slice(0, i), refund });
          out.forEach((r, k) => {
            expect(r.amount).toBeGreaterThanOrEqual(0);
            reversed[k]! += r.amount;
            expect(r.cumulative).toBe(reversed[k]);
            expect(r.cumulative).toBeLessThanOrEqual(r.earned);
          });
        });
        expect(reversed).toEqual(evaluation.commissions.map((c) => c.amount));
        // Once everything is refunded, any further refund is refused.
        const more: RefundInput = byItems ? { items: [{ sku: order.items[0]!.sku, quantity: 1 }] } : { amount: 1 };
        expect(() => reverseCommissions({ order, evaluation, previous: refunds, refund: more })).toThrow(RefundError);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);
});

describe('an evaluation as the server stores it', () => {
  it('comes back equal from the order row, the commission rows (in any order) and not_paid, through JSON, and reverses a refund the same', () => {
    fc.assert(
      fc.property(orderArb, chainArb, programArb, fc.boolean(), fc.integer({ min: 0, max: 10_000 }), (order, chain, program, reversedRows, share) => {
        const evaluation = evaluateCommissions(order, chain, program);
        const through = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
        const rows = evaluation.commissions.map(({ amount, ...explanation }) => ({ amount, explanation: through(explanation) }));
        const back = evaluationFromStored(through(storedEvaluation(evaluation)), reversedRows ? rows.reverse() : rows, through(evaluation.notPaid));
        expect(back).toEqual(evaluation);
        const refund = { amount: Math.floor((evaluation.totalPaid * share) / 10_000) };
        expect(reverseCommissions({ order, evaluation: back, previous: [], refund })).toEqual(reverseCommissions({ order, evaluation, previous: [], refund }));
        // a row written whole (before orders kept only their part) is read as it is
        expect(evaluationFromStored(through(evaluation), [], [])).toEqual(evaluation);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);
});
