import { roundHalfEven, roundHalfEvenBigInt } from '../money/round';
import { toSafeFraction } from '../money/fraction';
import type { CapExplanation } from './types';

/** One level's amount after rounding (and the cap), with its exact value. */
export interface LevelAmount {
  amount: number;
  /** Exact value in 1/10 000 minor units = exactNumerator / exactDenominator. */
  exactNumerator: number;
  exactDenominator: number;
  /** False only when the capped fraction had to be approximated to fit safe integers. */
  exactIsExact: boolean;
}

/** The rounded amounts of the paid levels and the cap, when it bit. */
export interface CappedAmounts {
  levels: LevelAmount[];
  cap: CapExplanation | null;
}

const UNIT = 10_000n;
/** Below this a rounded amount × 10 000 stays a safe integer. */
const FAST_LIMIT = Number.MAX_SAFE_INTEGER - 20_000;

const plain = (exact: number): LevelAmount => ({
  amount: roundHalfEven(exact, 10_000),
  exactNumerator: exact,
  exactDenominator: 1,
  exactIsExact: true,
});

/** The common case in plain numbers: the cap does not bite and rounding stays under it. `null` otherwise. */
const withinCap = (exacts: readonly number[], capExact: number): LevelAmount[] | null => {
  let sum = 0;
  for (const e of exacts) sum += e;
  if (sum > capExact || sum > FAST_LIMIT) return null;
  const levels = exacts.map(plain);
  let total = 0;
  for (const l of levels) total += l.amount;
  return total * 10_000 <= capExact ? levels : null;
};

/**
 * Rounds each paid level's exact amount (1/10 000 minor units) once, half to
 * even, applying the program's cap on the total.
 *
 * When both levels together exceed `base × capBps`, each is scaled by
 * `capExact ÷ sum` (down only) before rounding. Whenever a cap is set the
 * rounded total never exceeds `floor(capExact ÷ 10 000)`: if rounding went
 * one unit over, the level rounded up the most (level 2 on a tie) is rounded
 * down instead.
 */
export function roundLevels(exacts: readonly number[], base: number, capBps: number | null): CappedAmounts {
  if (capBps === null) {
    return {
      levels: exacts.map(plain),
      cap: null,
    };
  }
  const fast = withinCap(exacts, base * capBps);
  if (fast !== null) return { levels: fast, cap: null };
  // Scaling multiplies two exacts of up to 2^53: count in BigInt.
  const capExact = BigInt(base) * BigInt(capBps);
  const sum = exacts.reduce((s, e) => s + BigInt(e), 0n);
  const scaled = sum > capExact;
  const numerators = exacts.map((e) => (scaled ? BigInt(e) * capExact : BigInt(e)));
  const denominator = scaled ? sum : 1n;
  const amounts = numerators.map((n) => roundHalfEvenBigInt(n, denominator * UNIT));

  const limit = capExact / UNIT;
  const total = amounts.reduce((s, a) => s + a, 0n);
  const overByRounding = total > limit;
  if (overByRounding) {
    // Sum of exacts ≤ capExact and each rounding adds at most ½, so the excess is exactly one unit.
    let pick = -1;
    let largest = 0n;
    amounts.forEach((a, i) => {
      const excess = a * denominator * UNIT - (numerators[i] as bigint);
      if (excess > largest || (excess === largest && pick !== -1)) {
        pick = i;
        largest = excess;
      }
    });
    amounts[pick] = (amounts[pick] as bigint) - 1n;
  }

  const levels = amounts.map((a, i) => {
    const fraction = toSafeFraction(numerators[i] as bigint, denominator);
    return { amount: Number(a), exactNumerator: fraction.numerator, exactDenominator: fraction.denominator, exactIsExact: fraction.exact };
  });
  // The cap is reported whenever it changed an amount: by scaling, or by holding the rounding under it.
  const cap = scaled || overByRounding ? { capBps, capExact: Number(capExact), uncappedExact: Number(sum) } : null;
  return { levels, cap };
}
