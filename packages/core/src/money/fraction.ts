/** A fraction of safe integers, and whether it equals the value it stands for. */
export interface SafeFraction {
  numerator: number;
  denominator: number;
  exact: boolean;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/**
 * `numerator / denominator` (both ≥ 0, denominator > 0) as a fraction of safe
 * integers: reduced to lowest terms when that fits, otherwise the closest
 * continued-fraction convergent that fits (then `exact` is false).
 */
export function toSafeFraction(numerator: bigint, denominator: bigint): SafeFraction {
  const g = gcd(numerator, denominator);
  const n = numerator / g;
  const d = denominator / g;
  if (n <= MAX && d <= MAX) return { numerator: Number(n), denominator: Number(d), exact: true };
  // Convergents h/k of the continued fraction of n/d are its best rational approximations.
  let [h0, h1, k0, k1] = [0n, 1n, 1n, 0n];
  let [p, q] = [n, d];
  while (q !== 0n) {
    const a = p / q;
    const h2 = a * h1 + h0;
    const k2 = a * k1 + k0;
    if (h2 > MAX || k2 > MAX) break;
    [h0, h1, k0, k1] = [h1, h2, k1, k2];
    [p, q] = [q, p - a * q];
  }
  return { numerator: Number(h1), denominator: Number(k1), exact: false };
}
