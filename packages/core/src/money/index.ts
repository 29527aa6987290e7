export { roundHalfEven, roundHalfEvenBigInt } from './round';
export { allocateByLargestRemainder } from './allocate';
export { splitWithdrawal } from './withdrawal-fee';
export type { WithdrawalFeeSetting, WithdrawalSplit } from './withdrawal-fee';
export { CurrencyError, currencyExponent, decimalToMinorUnits, isCurrency, minorUnitsToDecimal, normalizeCurrency } from './currency';
export { formatMoney } from './format-money';
