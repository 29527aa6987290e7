import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { roundHalfEven, roundHalfEvenBigInt } from './round';

/** A thousand runs can take seconds on a busy machine. */
const PROPERTY_TIMEOUT = 60_000;

describe('roundHalfEven', () => {
  it.each([
    [175_980, 10_000, 18, '17.598 rounds up'],
    [25, 10, 2, '2.5 ties to even 2'],
    [35, 10, 4, '3.5 ties to even 4'],
    [15_000, 10_000, 2, '1.5 ties to even 2'],
    [5_000, 10_000, 0, '0.5 ties to even 0'],
    [4_999, 10_000, 0, '0.4999 rounds down'],
    [5_001, 10_000, 1, '0.5001 rounds up'],
    [-25, 10, -2, '-2.5 ties to even -2'],
    [-35, 10, -4, '-3.5 ties to even -4'],
    [-26, 10, -3, '-2.6 rounds to -3'],
    [25, -10, -2, 'a negative denominator flips the sign'],
    [0, 7, 0, 'zero stays zero'],
    [-1, 3, 0, '-1/3 rounds to 0 (not -0)'],
    [Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER, 'largest safe integer is exact'],
    [Number.MAX_SAFE_INTEGER, 2, 4_503_599_627_370_496, '(2^53−1)/2 = …495.5 ties to even …496'],
  ])('%d / %d = %d (%s)', (n, d, expected) => {
    expect(Object.is(roundHalfEven(n, d), expected)).toBe(true);
  });

  it('rejects non-integers, unsafe integers and a zero denominator', () => {
    expect(() => roundHalfEven(1.5, 2)).toThrow(RangeError);
    expect(() => roundHalfEven(1, 0)).toThrow(/denominator must not be 0/);
    expect(() => roundHalfEven(2 ** 53, 3)).toThrow(/safe integer/);
    expect(() => roundHalfEven(1, Number.NaN)).toThrow(/denominator/);
  });

  it('agrees with the BigInt version and stays within ½ of the quotient', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: 1_000_000_000 }), fc.boolean(), (n, d, negD) => {
        const den = negD ? -d : d;
        const r = roundHalfEven(n, den);
        expect(BigInt(r)).toBe(roundHalfEvenBigInt(BigInt(n), BigInt(den)));
        const diff = BigInt(r) * BigInt(den) - BigInt(n);
        const abs = diff < 0n ? -diff : diff;
        expect(abs * 2n <= BigInt(d)).toBe(true);
        if (abs * 2n === BigInt(d)) expect(r % 2 === 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);
});

describe('roundHalfEvenBigInt', () => {
  it('rounds huge products half to even', () => {
    expect(roundHalfEvenBigInt(10n ** 30n * 5n + 5n, 10n)).toBe(5n * 10n ** 29n);
    expect(roundHalfEvenBigInt(15n, 10n)).toBe(2n);
    expect(roundHalfEvenBigInt(-15n, 10n)).toBe(-2n);
    expect(roundHalfEvenBigInt(15n, -10n)).toBe(-2n);
    expect(() => roundHalfEvenBigInt(1n, 0n)).toThrow(RangeError);
  });
});
