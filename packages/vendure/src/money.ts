import { CurrencyError, currencyExponent, roundHalfEven } from '@twotier/core';

/**
 * A Vendure money value → integer minor units of the currency's ISO 4217
 * exponent.
 *
 * Vendure stores every amount as an integer scaled by its MoneyStrategy's
 * `precision` (2 unless configured), whatever the currency: with the default,
 * ¥1,990 is stored as `199000` and 1.250 KWD as `125`. twotier counts in the
 * currency's real minor unit (JPY 0 decimals, KWD 3), so the value is scaled
 * by `10^(exponent − precision)`: exactly when it moves up, and when it moves
 * down with an amount finer than the currency's minor unit (a net price Vendure
 * derived from a tax-inclusive one), rounded half to even. Integers only.
 *
 * @example
 * toMinorUnits(12800, 'CNY', 2)  // 12800
 * toMinorUnits(199000, 'JPY', 2) // 1990
 * toMinorUnits(125, 'KWD', 2)    // 1250
 * toMinorUnits(1990, 'JPY', 0)   // 1990 (a shop configured with precision 0)
 */
export function toMinorUnits(value: number, currency: string, precision: number): number {
  if (!Number.isSafeInteger(value)) throw new CurrencyError(`${String(value)} is not an integer amount of money`);
  if (!Number.isInteger(precision) || precision < 0 || precision > 8) {
    throw new CurrencyError(`money precision ${String(precision)} is not a whole number of decimal places`);
  }
  const shift = currencyExponent(currency) - precision;
  if (shift === 0) return value;
  if (shift > 0) {
    const scaled = value * 10 ** shift;
    if (!Number.isSafeInteger(scaled)) throw new CurrencyError(`${value} is too large an amount of ${currency}`);
    return scaled;
  }
  return roundHalfEven(value, 10 ** -shift);
}
