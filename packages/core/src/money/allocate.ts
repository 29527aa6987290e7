/**
 * Spreading an amount over parts in proportion to their weights, so that the
 * parts are integers and add up to exactly the amount (largest remainder,
 * also called Hamilton's method).
 */

const assertNonNegativeSafe = (value: number, name: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
};

/**
 * Splits `total` into integer parts proportional to `weights`.
 *
 * Each part first gets `floor(total × weight ÷ Σweights)`; the minor units
 * left over go one each to the parts with the largest remainders, ties to
 * the lower index. The result depends only on the input, its sum is exactly
 * `total`, a zero weight always gets zero, and no part exceeds its weight
 * when `total ≤ Σweights`.
 *
 * @param tieBreak compares two part indexes whose remainders are equal; the lower index wins what it leaves tied.
 * @throws RangeError when an input is not a non-negative safe integer, or
 * when `total > 0` and every weight is zero.
 * @example
 * allocateByLargestRemainder(100, [1, 1, 1]) // [34, 33, 33]
 * allocateByLargestRemainder(500, [3998, 4550, 0]) // [234, 266, 0]
 */
export function allocateByLargestRemainder(
  total: number,
  weights: readonly number[],
  tieBreak?: (a: number, b: number) => number,
): number[] {
  assertNonNegativeSafe(total, 'total');
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    assertNonNegativeSafe(w, `weights[${i}]`);
    sum += w;
  }
  if (!Number.isSafeInteger(sum)) throw new RangeError('the sum of the weights is not a safe integer');
  const parts = new Array<number>(weights.length).fill(0);
  if (total === 0) return parts;
  if (sum === 0) throw new RangeError(`cannot spread ${total} over weights that are all zero`);

  const remainders = new Array<bigint | number>(weights.length);
  let given = 0;
  // One product above 2^53 would make Number arithmetic inexact; use BigInt then.
  const big = total * sum > Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (big) {
      const product = BigInt(total) * BigInt(w);
      const bigSum = BigInt(sum);
      parts[i] = Number(product / bigSum);
      remainders[i] = product % bigSum;
    } else {
      const product = total * w;
      const remainder = product % sum;
      parts[i] = (product - remainder) / sum;
      remainders[i] = remainder;
    }
    given += parts[i] as number;
  }

  let left = total - given;
  if (left === 0) return parts;
  const order = weights.map((_, i) => i);
  order.sort((a, b) => {
    const ra = remainders[a] as bigint | number;
    const rb = remainders[b] as bigint | number;
    if (ra === rb) return (tieBreak === undefined ? 0 : tieBreak(a, b)) || a - b;
    return ra > rb ? -1 : 1;
  });
  for (const i of order) {
    if (left === 0) break;
    parts[i] = (parts[i] as number) + 1;
    left -= 1;
  }
  return parts;
}
