import type { WithdrawalFeeSetting } from '../money/withdrawal-fee';
import type { BonusTier, Program } from '../schema/program';

/** Which currency amounts are wanted in, and which one the program's top-level amounts are in. */
export interface CurrencyContext {
  /** The currency of the money at hand (an order's, a balance's, a withdrawal's). */
  currency: string;
  /** The shop's default currency: the program's top-level amounts are in it. */
  defaultCurrency: string;
}

/** Every amount of a program, in one currency. */
export interface ProgramAmounts {
  currency: string;
  minWithdrawal: number;
  withdrawalFee: WithdrawalFeeSetting | null;
  performanceBonus: readonly BonusTier[];
  teamBonus: readonly BonusTier[];
  /** Grade id → own sales in this currency that move a distributor up to it (grades without one are absent). */
  upgradeAtSales: ReadonlyMap<string, number>;
}

/**
 * The program's amounts in `currency`. Amounts are money of one currency and
 * are never converted: `perCurrency[currency]` gives them where present;
 * otherwise the top-level amounts hold for the default currency only, and
 * another currency has no minimum withdrawal, only the percentage part of
 * the withdrawal fee (a share is the same in any currency, a fixed fee is
 * not), no bonus tier and no sales threshold for a grade.
 *
 * @example
 * const usd = programAmountsIn(program, { currency: 'USD', defaultCurrency: 'CNY' });
 * usd.minWithdrawal; // program.perCurrency?.USD?.minWithdrawal ?? 0
 */
export function programAmountsIn(program: Program, { currency, defaultCurrency }: CurrencyContext): ProgramAmounts {
  const own = program.perCurrency?.[currency];
  const isDefault = currency === defaultCurrency;
  const fee = program.withdrawalFee;
  const feeShare = fee?.bps === undefined ? null : { bps: fee.bps };
  const upgradeAtSales = new Map<string, number>();
  for (const grade of program.grades) {
    const at = own?.upgradeAtSales?.[grade.id] ?? (isDefault ? grade.upgradeAtSales : undefined);
    if (at !== undefined) upgradeAtSales.set(grade.id, at);
  }
  return {
    currency,
    minWithdrawal: own?.minWithdrawal ?? (isDefault ? program.minWithdrawal : 0),
    withdrawalFee: own?.withdrawalFee !== undefined ? own.withdrawalFee : isDefault ? fee : feeShare,
    performanceBonus: own?.performanceBonus ?? (isDefault ? program.performanceBonus : []),
    teamBonus: own?.teamBonus ?? (isDefault ? program.teamBonus : []),
    upgradeAtSales,
  };
}
