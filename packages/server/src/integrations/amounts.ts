import { CurrencyError, currencyExponent, decimalToMinorUnits } from '@twotier/core';
import { invalid } from '../domain/errors';

/**
 * A platform's decimal amount (`"199.00"`, JPY `"1990"`, KWD `"1.250"`) in
 * integer minor units of `currency`, by string arithmetic (core's
 * `decimalToMinorUnits`). Text that is not an exact amount in that currency
 * is refused: 422 `invalid_amount`, naming the field and the reason.
 *
 * @example
 * platformAmount('1.250', 'KWD', 'line_items[0].price') // 1250
 * platformAmount('19.999', 'USD', 'total_price')         // throws 422
 */
export function platformAmount(text: unknown, currency: string, field: string): number {
  if (typeof text === 'number') {
    // a JSON number is read from its shortest decimal text; integers are exact
    text = Number.isFinite(text) ? String(text) : 'NaN';
  }
  if (text === null || text === undefined || text === '') return 0;
  if (typeof text !== 'string') throw invalid('invalid_amount', `${field} is not a decimal amount`, { field });
  try {
    const minor = decimalToMinorUnits(text, currency);
    if (minor < 0) throw new CurrencyError(`"${text}" is negative`);
    return minor;
  } catch (error) {
    if (error instanceof CurrencyError) {
      throw invalid('invalid_amount', `${field} is not an exact ${currency} amount: ${error.message}`, { field, value: text, currency });
    }
    throw error;
  }
}

const DECIMAL = /^(-?)(\d{1,30})(?:\.(\d{1,30}))?$/;

/** A decimal string as a scaled BigInt (`value × 10^scale`). */
const scaled = (text: string, field: string, currency: string): { value: bigint; scale: number } => {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw invalid('invalid_amount', `${field} is not a decimal amount: "${text}"`, { field, value: text, currency });
  const fraction = m[3] ?? '';
  const value = BigInt(m[2]! + fraction);
  return { value: m[1] ? -value : value, scale: fraction.length };
};

/**
 * The sum of decimal amounts rounded once to the currency's minor unit (half
 * away from zero), by BigInt arithmetic. For the one place a platform stores
 * amounts finer than its currency on purpose: WooCommerce keeps a
 * tax-inclusive line's net `total` unrounded (`"90.909091"`) beside its
 * rounded `total_tax` (`"9.09"`), and their sum is the gross the customer
 * paid (`"100.00"`).
 *
 * @example
 * roundedSum(['90.909090909091', '9.09'], 'EUR', 'line_items[0]') // 10000 (99.999… → 100.00)
 */
export function roundedSum(texts: readonly unknown[], currency: string, field: string): number {
  const exponent = currencyExponent(currency);
  const parts = texts.map((t) => (typeof t === 'number' ? String(t) : t)).filter((t): t is string => typeof t === 'string' && t !== '');
  const numbers = parts.map((t) => scaled(t, field, currency));
  const scale = Math.max(exponent, ...numbers.map((n) => n.scale));
  let total = 0n;
  for (const n of numbers) total += n.value * 10n ** BigInt(scale - n.scale);
  const unit = 10n ** BigInt(scale - exponent);
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  let minor = magnitude / unit;
  if ((magnitude % unit) * 2n >= unit) minor += 1n;
  const result = Number(negative ? -minor : minor);
  if (!Number.isSafeInteger(result)) throw invalid('invalid_amount', `${field} is too large an amount`, { field, currency });
  return result;
}
