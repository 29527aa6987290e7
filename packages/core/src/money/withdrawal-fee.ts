import { roundHalfEven } from './round';

/** A withdrawal fee: a share in basis points and/or a fixed amount in minor units. */
export interface WithdrawalFeeSetting {
  bps?: number | undefined;
  fixed?: number | undefined;
}

/** What a distributor receives from a withdrawal, and what the shop keeps. */
export interface WithdrawalSplit {
  amount: number;
  fee: number;
  /** `amount − fee`, what is paid out. */
  net: number;
}

/**
 * Splits a withdrawal into fee and net: `fixed + amount × bps` (the share
 * rounded half to even), never more than the amount itself.
 *
 * @example
 * splitWithdrawal(10_000, { bps: 60, fixed: 100 }) // { amount: 10000, fee: 160, net: 9840 }
 */
export function splitWithdrawal(amount: number, setting: WithdrawalFeeSetting | null | undefined): WithdrawalSplit {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a whole, non-negative number of minor units');
  const share = setting?.bps ? roundHalfEven(amount * setting.bps, 10_000) : 0;
  const fee = Math.min(amount, share + (setting?.fixed ?? 0));
  return { amount, fee, net: amount - fee };
}
