import { describe, expect, it } from 'vitest';
import { RuleError } from '../errors';
import { programSchema } from '../schema/program';
import { evaluateCommissions } from './evaluate';
import type { CommissionOrder, DistributorChain } from './types';

const program = programSchema.parse({
  levels: 2,
  defaultRates: { level1Bps: 1000, level2Bps: 300 },
  grades: [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500 }],
  rules: [
    { id: 'no-l1-for-gold-gifts', when: { grade: ['gold'], category: ['gift'] }, exclude: true },
    { id: 'mug', when: { sku: ['MUG'], category: ['kitchen'] }, level1: { fixedPerUnit: 150 } },
  ],
});
const chain: DistributorChain = { level1: { id: 'd1', status: 'active' }, level2: { id: 'p1', status: 'active' } };
const order = (items: CommissionOrder['items'], extra: Partial<CommissionOrder> = {}): CommissionOrder => ({
  items,
  placedAt: new Date('2026-05-01T00:00:00Z'),
  customer: 'new',
  ...extra,
});

const ruleError = (fn: () => unknown): RuleError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
  throw new Error('expected a RuleError');
};

describe('evaluateCommissions: input checks', () => {
  it.each([
    ['an empty order', order([]), /at least one line/],
    ['a fractional price', order([{ sku: 'A', quantity: 1, unitPrice: 19.99 }]), /line 0 \(A\): unitPrice must be a whole number of minor units/],
    ['a negative price', order([{ sku: 'A', quantity: 1, unitPrice: -1 }]), /unitPrice must be a whole number/],
    ['a quantity of 0', order([{ sku: 'A', quantity: 0, unitPrice: 100 }]), /quantity must be a whole number ≥ 1, got 0/],
    ['a fractional quantity', order([{ sku: 'A', quantity: 1.5, unitPrice: 100 }]), /quantity must be a whole number/],
    ['a missing sku', order([{ sku: '', quantity: 1, unitPrice: 100 }]), /sku must be a non-empty string/],
    ['a line discount above the line', order([{ sku: 'A', quantity: 2, unitPrice: 100, discount: 201 }]), /discount 201 exceeds quantity × unitPrice = 200/],
    ['an order discount above the lines', order([{ sku: 'A', quantity: 1, unitPrice: 100 }], { discount: 101 }), /order discount 101 exceeds the sum of the line bases 100/],
    ['negative shipping', order([{ sku: 'A', quantity: 1, unitPrice: 100 }], { shipping: -5 }), /shipping must be/],
    ['fractional tax', order([{ sku: 'A', quantity: 1, unitPrice: 100 }], { tax: 0.5 }), /tax must be/],
    ['an invalid date', order([{ sku: 'A', quantity: 1, unitPrice: 100 }], { placedAt: new Date('nope') }), /placedAt must be a valid Date/],
    ['an unknown customer kind', order([{ sku: 'A', quantity: 1, unitPrice: 100 }], { customer: 'vip' as 'new' }), /customer must be "new" or "returning"/],
    ['a line too large', order([{ sku: 'A', quantity: 1_000_000, unitPrice: 9_007_199_254 }]), /too large to compute exactly/],
    ['an order too large', order([{ sku: 'A', quantity: 1, unitPrice: 900_000_000_000 }, { sku: 'B', quantity: 1, unitPrice: 900_000_000_000 }]), /order base is too large/],
  ])('rejects %s with a clear RuleError', (_what, o, message) => {
    const error = ruleError(() => evaluateCommissions(o, chain, program));
    expect(error.message).toMatch(message);
    expect(['invalid_order', 'amount_too_large']).toContain(error.code);
  });

  it('rejects a chain member without an id', () => {
    const error = ruleError(() => evaluateCommissions(order([{ sku: 'A', quantity: 1, unitPrice: 100 }]), { level1: { id: '', status: 'active' }, level2: null }, program));
    expect([error.code, error.message]).toEqual(['invalid_chain', 'level 1 distributor must have a non-empty id']);
  });

  it('refuses a commission too large to compute exactly instead of rounding it wrong', () => {
    const fixed = programSchema.parse({ levels: 1, defaultRates: { level1Bps: 0, level2Bps: 0 }, rules: [{ id: 'f', level1: { fixedPerUnit: 900_000_000 } }] });
    const error = ruleError(() => evaluateCommissions(order([{ sku: 'A', quantity: 1_000_000, unitPrice: 1 }]), chain, fixed));
    expect(error.code).toBe('amount_too_large');
  });
});

describe('evaluateCommissions: explanations', () => {
  it('explains each line, the source of its rate and why a level is not paid', () => {
    const result = evaluateCommissions(
      order([{ sku: 'MUG', category: 'kitchen', quantity: 2, unitPrice: 1000 }, { sku: 'TEA', quantity: 1, unitPrice: 3999 }]),
      { level1: { id: 'd1', status: 'active', grade: 'gold' }, level2: { id: 'p1', status: 'suspended' } },
      program,
    );
    expect(result.notPaid).toEqual([{ level: 2, reason: 'parent p1 is suspended, not active' }]);
    const [l1] = result.commissions;
    expect(l1?.lines).toEqual([
      { line: 0, sku: 'MUG', quantity: 2, base: 2000, source: { kind: 'rule', ruleId: 'mug' }, rate: { fixedPerUnit: 150 }, excluded: false, exact: 3_000_000 },
      { line: 1, sku: 'TEA', quantity: 1, base: 3999, source: { kind: 'grade', gradeId: 'gold' }, rate: { percentBps: 1500 }, excluded: false, exact: 5_998_500 },
    ]);
    // 300 + 599.85 = 899.85 → 900
    expect(l1?.amount).toBe(900);
    expect([l1?.exactNumerator, l1?.exactDenominator, l1?.cap]).toEqual([8_998_500, 1, null]);
    expect(l1?.summary).toBe(
      'Level 1: 900 minor units to distributor d1, exact 899.85 over 2 lines (1 by rule, 1 at grade gold rates, 0 at default rates, 0 excluded), rounded once half to even.',
    );
  });

  it('a sku rule that also names a category needs both', () => {
    const result = evaluateCommissions(order([{ sku: 'MUG', category: 'garden', quantity: 2, unitPrice: 1000 }]), chain, program);
    expect(result.commissions[0]?.lines[0]?.source).toEqual({ kind: 'default' });
  });

  it('an exclusion that matches only the parent’s grade removes the line from level 2 only', () => {
    const result = evaluateCommissions(
      order([{ sku: 'CARD', category: 'gift', quantity: 1, unitPrice: 10_000 }]),
      { level1: { id: 'd1', status: 'active' }, level2: { id: 'p1', status: 'active', grade: 'gold' } },
      program,
    );
    expect(result.commissions.map((c) => [c.amount, c.lines[0]?.excluded, c.lines[0]?.rate])).toEqual([
      [1000, false, { percentBps: 1000 }],
      [0, true, null],
    ]);
    expect(result.commissions[1]?.lines[0]?.source).toEqual({ kind: 'rule', ruleId: 'no-l1-for-gold-gifts' });
    expect(result.commissions[1]?.summary).toMatch(/0 by rule, 0 at default rates, 1 excluded/);
  });

  it('an exclusion that matches the level-1 distributor removes the line from both levels', () => {
    const result = evaluateCommissions(
      order([{ sku: 'CARD', category: 'gift', quantity: 1, unitPrice: 10_000 }]),
      { level1: { id: 'd1', status: 'active', grade: 'gold' }, level2: { id: 'p1', status: 'active' } },
      program,
    );
    expect(result.commissions.map((c) => [c.amount, c.lines[0]?.excluded])).toEqual([
      [0, true],
      [0, true],
    ]);
  });

  it('names the cap in the summary and keeps the scaled exact amount as a reduced fraction', () => {
    const capped = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, capBps: 1000 });
    const [l1, l2] = evaluateCommissions(order([{ sku: 'A', quantity: 1, unitPrice: 10_000 }]), chain, capped).commissions;
    // 10 000 000 × 10 000 000 / 13 000 000 = 100 000 000 / 13 (in 1/10 000 minor units)
    expect([l1?.exactNumerator, l1?.exactDenominator, l1?.exactApproximate]).toEqual([100_000_000, 13, undefined]);
    expect([l2?.exactNumerator, l2?.exactDenominator]).toEqual([30_000_000, 13]);
    expect(l1?.cap).toEqual({ capBps: 1000, capExact: 10_000_000, uncappedExact: 13_000_000 });
    expect(l1?.summary).toBe(
      'Level 1: 769 minor units to distributor d1, exact 1000 over 1 line (0 by rule, 1 at default rates, 0 excluded), held to the 10% cap (1000 of 1300 for both levels), rounded once half to even.',
    );
  });

  it('approximates the scaled exact fraction only when it cannot fit safe integers, and says so', () => {
    const capped = programSchema.parse({
      levels: 2,
      defaultRates: { level1Bps: 1000, level2Bps: 307 },
      rules: [{ id: 'fixed', level1: { fixedPerUnit: 777_777 } }],
      capBps: 100,
    });
    const [l1, l2] = evaluateCommissions(order([{ sku: 'A', quantity: 13, unitPrice: 99_999_989 }]), chain, capped).commissions;
    // base 1 299 999 857; L1 13 × 777 777 → 101 111 010 000; L2 base × 307 → 399 099 956 099; cap base × 100 → 129 999 985 700.
    const [e1, e2, capExact] = [101_111_010_000n, 399_099_956_099n, 129_999_985_700n];
    expect(l1?.exactApproximate).toBe(true);
    expect(Number.isSafeInteger(l1!.exactNumerator) && Number.isSafeInteger(l1!.exactDenominator)).toBe(true);
    // The approximation is off by far less than one minor unit.
    const error = BigInt(l1!.exactNumerator) * (e1 + e2) - e1 * capExact * BigInt(l1!.exactDenominator);
    expect((error < 0n ? -error : error) < (e1 + e2) * BigInt(l1!.exactDenominator)).toBe(true);
    // 101 111 010 000 / 500 210 966 099 × 12 999 998.57 = 2 627 777.23 → 2 627 777; L2 10 372 221.34 → 10 372 221.
    expect([l1?.amount, l2?.amount]).toEqual([2_627_777, 10_372_221]);
  });

  it('gives the reason for each level nobody is paid', () => {
    const one = programSchema.parse({ levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 } });
    const o = order([{ sku: 'A', quantity: 1, unitPrice: 100 }]);
    expect(evaluateCommissions(o, { level1: null, level2: null }, program).notPaid).toEqual([
      { level: 1, reason: 'no distributor: the order is organic' },
      { level: 2, reason: 'no level-1 distributor, so no parent to pay' },
    ]);
    expect(evaluateCommissions(o, { level1: { id: 'd1', status: 'suspended' }, level2: { id: 'p1', status: 'active' } }, program).notPaid).toEqual([
      { level: 1, reason: 'distributor d1 is suspended, not active' },
      { level: 2, reason: 'distributor d1 is suspended: nothing passes up to the parent' },
    ]);
    expect(evaluateCommissions(o, chain, one).notPaid).toEqual([{ level: 2, reason: 'the program pays one level only' }]);
    expect(evaluateCommissions(o, { level1: chain.level1, level2: null }, program).notPaid).toEqual([{ level: 2, reason: 'distributor d1 has no parent' }]);
    expect(evaluateCommissions(o, { level1: chain.level1, level2: { id: 'd1', status: 'active' } }, program).notPaid).toEqual([
      { level: 2, reason: 'distributor d1 cannot be their own parent' },
    ]);
  });

  it('reports bases after both discounts and the total paid with shipping and tax', () => {
    const result = evaluateCommissions(
      order([{ sku: 'A', quantity: 1, unitPrice: 1000, discount: 100 }, { sku: 'B', quantity: 1, unitPrice: 100 }], { discount: 100, shipping: 50, tax: 7 }),
      chain,
      program,
    );
    // 900 : 100 takes 90 : 10 of the order discount.
    expect([result.lineBases, result.base, result.totalPaid]).toEqual([[810, 90], 900, 957]);
  });
});

describe('evaluateCommissions: the cap without scaling', () => {
  it('reports the cap when it held the rounding under it', () => {
    // 35 × 10% = 3.5 → 4 and 35 × 2% = 0.7 → 1 make 5 > floor(35 × 12%) = 4: level 1 gives way.
    const capped = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 200 }, capBps: 1200 });
    const [l1, l2] = evaluateCommissions(order([{ sku: 'A', quantity: 1, unitPrice: 35 }]), chain, capped).commissions;
    expect([l1?.amount, l2?.amount]).toEqual([3, 1]);
    expect(l1?.cap).toEqual({ capBps: 1200, capExact: 42_000, uncappedExact: 42_000 });
    expect([l1?.exactNumerator, l1?.exactDenominator]).toEqual([35_000, 1]);
  });

  it('reports no cap when it changed nothing', () => {
    const capped = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, capBps: 3000 });
    expect(evaluateCommissions(order([{ sku: 'A', quantity: 1, unitPrice: 35 }]), chain, capped).commissions.map((c) => c.cap)).toEqual([null, null]);
  });
});
