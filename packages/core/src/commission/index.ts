export { evaluateCommissions, fixedAmountIn } from './evaluate';
export { reverseCommissions } from './reverse';
export { refundedItemsMoney } from './refund-money';
export { customerStatus } from './customer-status';
export type { CustomerStatus } from './customer-status';
export { commissionOrderOf } from './order-from-stored';
export { evaluationFromStored, storedEvaluation } from './stored-evaluation';
export type { StoredEvaluation, StoredLevel } from './stored-evaluation';
export type { OrderBody } from './order-from-stored';
export { evaluatePeriodBonuses, gradeForSales } from './bonuses';
export { compileProgram } from './compile';
export { programAmountsIn } from './currency-amounts';
export type { CurrencyContext, ProgramAmounts } from './currency-amounts';
export { formatBps, formatExact, formatRate } from './explain';
export { describeCommission, describeNotPaid, percentOfBps } from './describe';
export type { CommissionDescription, DescribedCommission, DescribedLine, ExplainLocale } from './describe';
export type { PeriodBonus, PeriodBonusInput } from './bonuses';
export type { CompiledProgram, CompiledRule, Specificity } from './compile';
export type {
  CapExplanation,
  ChainMember,
  CommissionEvaluation,
  CommissionOrder,
  DistributorChain,
  LevelCommission,
  LevelReversal,
  LineExplanation,
  OrderLine,
  RateSource,
  RefundInput,
} from './types';
