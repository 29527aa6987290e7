import type { CommissionEvaluation, LevelCommission } from './types';

/**
 * What an order's row keeps of its {@link CommissionEvaluation}: the parts
 * no other row holds. Each level's explanation is kept once, in its
 * commission's row, and the reasons a level is not paid in the order's
 * `not_paid`; an order's row used to repeat both (two thirds of its bytes).
 */
export interface StoredEvaluation {
  base: number;
  totalPaid: number;
  lineBases: number[];
}

/** A commission as stored: its amount and its explanation (the level without the amount). */
export interface StoredLevel {
  amount: number;
  explanation: Omit<LevelCommission, 'amount'>;
}

/**
 * The part of an evaluation an order's row keeps.
 *
 * @example
 * row.evaluation = JSON.stringify(storedEvaluation(evaluation));
 */
export const storedEvaluation = (e: CommissionEvaluation): StoredEvaluation => ({ base: e.base, totalPaid: e.totalPaid, lineBases: e.lineBases });

/**
 * The whole evaluation again, from the order's stored part, its commissions
 * (any order) and its `notPaid`: equal to what `evaluateCommissions`
 * returned when the order arrived. A row written before the order kept only
 * its part (a whole evaluation) is taken as it is.
 *
 * @example
 * const evaluation = evaluationFromStored(JSON.parse(row.evaluation), commissions.map((c) => ({ amount: c.amount, explanation: JSON.parse(c.explanation) })), JSON.parse(row.not_paid));
 */
export function evaluationFromStored(
  stored: StoredEvaluation | CommissionEvaluation,
  levels: readonly StoredLevel[],
  notPaid: CommissionEvaluation['notPaid'],
): CommissionEvaluation {
  if ('commissions' in stored && Array.isArray(stored.commissions)) return stored;
  const commissions = [...levels]
    .sort((a, b) => a.explanation.level - b.explanation.level)
    .map(({ amount, explanation: { level, distributorId, ...rest } }): LevelCommission => ({ level, distributorId, amount, ...rest }));
  return { base: stored.base, totalPaid: stored.totalPaid, lineBases: stored.lineBases, commissions, notPaid };
}
