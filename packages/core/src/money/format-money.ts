import { currencyExponent, decimalText } from './currency';

/**
 * Integer minor units as money text for `locale`, with Intl.NumberFormat and
 * the currency's ISO 4217 exponent (`¥39.90` in zh-CN, `CN¥39.90` in en,
 * `¥1,500` for JPY, `KWD 1.250`). The decimal is built by string arithmetic
 * and handed to Intl as text, so no float ever holds the amount. A code that
 * is not ISO 4217 gets two digits; what Intl refuses (a malformed code or
 * locale) falls back to `<decimal> <code>`. It never throws.
 *
 * @example
 * formatMoney(3990, 'CNY', 'zh-CN') // '¥39.90'
 * formatMoney(-120, 'USD', 'en-US') // '-$1.20'
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  let exponent = 2;
  try {
    exponent = currencyExponent(currency);
  } catch {}
  const text = decimalText(Math.trunc(minorUnits), exponent);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(
      text as unknown as number,
    );
  } catch {
    return `${text} ${currency}`;
  }
}
