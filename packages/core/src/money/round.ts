/**
 * Exact rounding of a fraction of integers, half to even (banker's rounding),
 * so that rounding errors do not drift one way over many amounts.
 */

const assertSafe = (value: number, name: string): void => {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer, got ${String(value)}`);
  }
};

/**
 * `numerator / denominator` rounded to the nearest integer, ties to the even
 * neighbour. Integers in, integer out, no floating point involved.
 *
 * @example
 * roundHalfEven(175_980, 10_000) // 18 (17.598)
 * roundHalfEven(25, 10)          // 2  (2.5 → even)
 * roundHalfEven(35, 10)          // 4  (3.5 → even)
 * roundHalfEven(-25, 10)         // -2
 */
export function roundHalfEven(numerator: number, denominator: number): number {
  assertSafe(numerator, 'numerator');
  assertSafe(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must not be 0');
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  // `%` and the division below are exact for safe integers.
  let remainder = numerator % denominator;
  let quotient = (numerator - remainder) / denominator;
  if (remainder < 0) {
    remainder += denominator;
    quotient -= 1;
  }
  // Compare 2·remainder with denominator without overflowing: remainder vs denominator − remainder.
  const rest = denominator - remainder;
  if (remainder > rest || (remainder === rest && quotient % 2 !== 0)) quotient += 1;
  return quotient === 0 ? 0 : quotient;
}

/** {@link roundHalfEven} on `bigint`s, for products that may leave the safe-integer range. */
export function roundHalfEvenBigInt(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('denominator must not be 0');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  let quotient = numerator / denominator;
  let remainder = numerator % denominator;
  if (remainder < 0n) {
    remainder += denominator;
    quotient -= 1n;
  }
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n)) quotient += 1n;
  return quotient;
}
