import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programSchema } from '../schema/program';
import { splitWithdrawal } from './withdrawal-fee';

describe('splitWithdrawal', () => {
  it.each([
    // amount, setting, fee, reason
    [10_000, null, 0, 'no fee configured'],
    [10_000, { bps: 60 }, 60, '0.6% of 100.00 = 0.60'],
    [10_000, { fixed: 200 }, 200, 'a fixed 2.00'],
    [10_000, { bps: 60, fixed: 100 }, 160, '0.60 + 1.00'],
    [12_345, { bps: 100 }, 123, '1% of 123.45 = 1.2345 → 1.23'],
    [250, { bps: 200 }, 5, '2% of 2.50 = 0.05 exactly'],
    [25, { bps: 2000 }, 5, '20% of 0.25 = 0.05'],
    [75, { bps: 200 }, 2, '2% of 0.75 = 0.015 → 0.02 (half to even)'],
    [125, { bps: 200 }, 2, '2% of 1.25 = 0.025 → 0.02 (half to even)'],
    [50, { fixed: 100 }, 50, 'a fee never exceeds the withdrawal'],
    [0, { bps: 100, fixed: 100 }, 0, 'nothing withdrawn, nothing kept'],
  ])('%i with %j keeps %i (%s)', (amount, setting, fee, _why) => {
    expect(splitWithdrawal(amount, setting)).toEqual({ amount, fee, net: amount - fee });
  });

  it('refuses non-integer or negative amounts', () => {
    expect(() => splitWithdrawal(1.5, null)).toThrow(RangeError);
    expect(() => splitWithdrawal(-1, null)).toThrow(RangeError);
  });

  it('is whole, within the amount, and adds up (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
        (amount, bps, fixed) => {
          const { fee, net } = splitWithdrawal(amount, { bps, fixed });
          expect(Number.isSafeInteger(fee) && Number.isSafeInteger(net)).toBe(true);
          expect(fee).toBeGreaterThanOrEqual(0);
          expect(fee).toBeLessThanOrEqual(amount);
          expect(fee + net).toBe(amount);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is part of the program: defaults to none, refuses an empty fee', () => {
    const base = { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 } } as const;
    const p = programSchema.parse(base);
    expect(p.withdrawalFee).toBeNull();
    expect(p.withdrawalLimit).toBeNull();
    expect(programSchema.parse({ ...base, withdrawalFee: { bps: 50 }, withdrawalLimit: { count: 2, period: 'month' } }).withdrawalLimit).toEqual({ count: 2, period: 'month' });
    expect(programSchema.safeParse({ ...base, withdrawalFee: {} }).success).toBe(false);
    expect(programSchema.safeParse({ ...base, withdrawalLimit: { count: 0, period: 'day' } }).success).toBe(false);
  });
});
