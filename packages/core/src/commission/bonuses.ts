import { RuleError } from '../errors';
import { roundHalfEven, roundHalfEvenBigInt } from '../money/round';
import type { BonusTier, Program } from '../schema/program';
import { programAmountsIn, type CurrencyContext } from './currency-amounts';
import { formatBps } from './explain';

/** A bonus earned for a period, with its explanation. */
export interface PeriodBonus {
  /** Minor units, integer ≥ 0. */
  amount: number;
  /** The tier reached (the highest threshold not above the sales). */
  tier: BonusTier;
  /** One English sentence. */
  explanation: string;
}

/** What {@link evaluatePeriodBonuses} needs: sales in minor units for one distributor and one period. */
export interface PeriodBonusInput {
  program: Program;
  /** The distributor's own attributed, paid sales in the period. */
  ownSales: number;
  /** Sales of the distributor's direct recruits in the period: one total, or one figure per recruit (summed). */
  recruitsSales: number | readonly number[];
  /**
   * The currency of these sales, and the shop's default: tiers are amounts of
   * one currency (see `programAmountsIn`). Without it the sales are in the
   * default currency and the program's own tiers apply.
   */
  currency?: CurrencyContext | undefined;
}

const sales = (value: number, what: string): number => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RuleError('invalid_input', `${what} must be a whole number of minor units ≥ 0, got ${String(value)}`);
  }
  return value;
};

/** The highest tier whose threshold the sales reach; none without a sale. */
const reachedTier = (tiers: readonly BonusTier[], amount: number): BonusTier | null => {
  let best: BonusTier | null = null;
  if (amount === 0) return null;
  for (const tier of tiers) if (tier.threshold <= amount && (best === null || tier.threshold > best.threshold)) best = tier;
  return best;
};

const bonus = (tiers: readonly BonusTier[], amount: number, what: string): PeriodBonus | null => {
  const tier = reachedTier(tiers, amount);
  if (tier === null) return null;
  if (tier.amount !== undefined) {
    return { amount: tier.amount, tier, explanation: `${what} of ${amount} reached the ${tier.threshold} tier: fixed bonus of ${tier.amount}.` };
  }
  const bps = tier.bonusBps ?? 0;
  const product = amount * bps;
  const earned = Number.isSafeInteger(product) ? roundHalfEven(product, 10_000) : Number(roundHalfEvenBigInt(BigInt(amount) * BigInt(bps), 10_000n));
  return {
    amount: earned,
    tier,
    explanation: `${what} of ${amount} reached the ${tier.threshold} tier: ${formatBps(bps)} of ${amount} = ${earned} (rounded half to even).`,
  };
};

/**
 * A distributor's bonuses for one period.
 *
 * Performance bonus: on the distributor's own sales. Team bonus: on the sum
 * of their direct recruits' sales only: never deeper, and never a count of
 * heads, so recruiting alone earns nothing. Each takes the highest tier whose
 * threshold is reached; its amount is the tier's fixed `amount`, or
 * `bonusBps` of the sales rounded half to even. No sales, no bonus.
 *
 * @example
 * // with tiers { threshold: 1 000 000, bonusBps: 100 } and { threshold: 500 000, bonusBps: 100 }:
 * evaluatePeriodBonuses({ program, ownSales: 1_200_000, recruitsSales: [300_000, 250_000] });
 * // { performance: { amount: 12000, … }, team: { amount: 5500, … } }
 */
export function evaluatePeriodBonuses(input: PeriodBonusInput): { performance: PeriodBonus | null; team: PeriodBonus | null } {
  const own = sales(input.ownSales, 'ownSales');
  const recruits =
    typeof input.recruitsSales === 'number'
      ? sales(input.recruitsSales, 'recruitsSales')
      : input.recruitsSales.reduce((sum, s, i) => sum + sales(s, `recruitsSales[${i}]`), 0);
  sales(recruits, 'the sum of recruitsSales');
  const tiers = input.currency === undefined ? input.program : programAmountsIn(input.program, input.currency);
  const unit = input.currency === undefined ? '' : ` ${input.currency.currency}`;
  return {
    performance: bonus(tiers.performanceBonus, own, `Own sales${unit}`),
    team: bonus(tiers.teamBonus, recruits, `Direct recruits' sales${unit}`),
  };
}

/**
 * The grade a distributor should hold after a period with `periodSales` of
 * own sales: the grade with the highest `upgradeAtSales` reached, if that is
 * above the current grade's. Never downgrades; a grade without
 * `upgradeAtSales` ranks as 0 here, a missing or unknown current grade below all.
 * Returns the current grade id when nothing changes.
 *
 * With `currency`, the sales are in that currency and are measured against
 * the grades' thresholds in it (`programAmountsIn`); grades keep their
 * order, the default currency's thresholds (then that currency's), so sales
 * in another currency can never move a distributor down.
 *
 * @example
 * gradeForSales(program, 'silver', 2_000_000); // 'gold' if gold.upgradeAtSales ≤ 2 000 000
 */
export function gradeForSales(program: Program, currentGradeId: string | null, periodSales: number, currency?: CurrencyContext): string | null {
  const amount = sales(periodSales, 'periodSales');
  const thresholds = currency === undefined ? null : programAmountsIn(program, currency).upgradeAtSales;
  const thresholdOf = (grade: Program['grades'][number]) => (thresholds === null ? grade.upgradeAtSales : thresholds.get(grade.id));
  // Rank: the default currency's threshold (the ladder's order), then this currency's; both are the same number without `currency`.
  const rankOf = (grade: Program['grades'][number]): [number, number] => [grade.upgradeAtSales ?? 0, thresholdOf(grade) ?? 0];
  const above = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  const current = currentGradeId === null ? undefined : program.grades.find((g) => g.id === currentGradeId);
  // A missing or unknown grade ranks below every grade, so an entry grade at 0 is given.
  let rank: [number, number] = current === undefined ? [-1, -1] : rankOf(current);
  let result = currentGradeId;
  for (const grade of program.grades) {
    const at = thresholdOf(grade);
    if (at !== undefined && at <= amount && above(rankOf(grade), rank)) {
      rank = rankOf(grade);
      result = grade.id;
    }
  }
  return result;
}
