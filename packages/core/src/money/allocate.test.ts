import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { allocateByLargestRemainder } from './allocate';

/** A thousand runs can take seconds on a busy machine. */
const PROPERTY_TIMEOUT = 60_000;

describe('allocateByLargestRemainder', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33], 'one left over goes to the first of equal remainders'],
    [500, [3998, 4550, 0], [234, 266, 0], '500·3998/8548 = 233.85, 500·4550/8548 = 266.14: the .85 takes the last unit'],
    [2, [1, 1, 1], [1, 1, 0], 'two units over three equal weights: lowest indexes first'],
    [10, [0, 5, 0, 5], [0, 5, 0, 5], 'zero weights get zero, exact shares need no remainder'],
    [0, [3, 4], [0, 0], 'nothing to spread'],
    [7, [], [], 'no parts, nothing to give (total 0 is required)'],
  ])('%d over %j = %j (%s)', (total, weights, expected, reason) => {
    if (weights.length === 0) {
      expect(() => allocateByLargestRemainder(total, weights)).toThrow(/all zero/);
      expect(allocateByLargestRemainder(0, weights), reason).toEqual(expected);
      return;
    }
    expect(allocateByLargestRemainder(total, weights), reason).toEqual(expected);
  });

  it('uses exact BigInt arithmetic when total × Σweights leaves the safe range', () => {
    const parts = allocateByLargestRemainder(900_000_000_000, [300_000_000_001, 300_000_000_000, 299_999_999_999]);
    expect(parts).toEqual([300_000_000_001, 300_000_000_000, 299_999_999_999]);
    expect(allocateByLargestRemainder(99_999_999, [99_999_999, 99_999_999, 99_999_999, 1])).toEqual([33_333_333, 33_333_333, 33_333_333, 0]);
  });

  it('rejects negative, fractional and unsafe input, and spreading over nothing', () => {
    expect(() => allocateByLargestRemainder(-1, [1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1, [0.5])).toThrow(/weights\[0\]/);
    expect(() => allocateByLargestRemainder(1, [0, 0])).toThrow(/all zero/);
    expect(() => allocateByLargestRemainder(1, [Number.MAX_SAFE_INTEGER, 1])).toThrow(/sum of the weights/);
  });

  it('sums exactly to the total, gives zero weights zero, never exceeds a weight, and stays within one of the ideal share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000_000 })), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, share) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          const total = sum === 0 ? 0 : Math.floor(sum * share);
          const parts = allocateByLargestRemainder(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => {
            const w = weights[i] as number;
            expect(Number.isSafeInteger(p) && p >= 0 && p <= w).toBe(true);
            if (w === 0) expect(p).toBe(0);
            // |p − total·w/sum| < 1, checked exactly.
            if (sum > 0) {
              const diff = BigInt(p) * BigInt(sum) - BigInt(total) * BigInt(w);
              expect(diff < BigInt(sum) && diff > -BigInt(sum)).toBe(true);
            }
          });
        },
      ),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);
});
