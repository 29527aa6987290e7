/**
 * ISO 4217 currencies and their minor-unit exponents, and exact conversion
 * between decimal text (`"199.00"`, `"1990"`, `"1.250"`) and integer minor
 * units by string arithmetic: no floating point touches the amount.
 */

/** Codes whose minor unit is not 1/100 of the major unit; every other listed code has exponent 2. */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/**
 * Active ISO 4217 codes of exponent 2. Codes without a minor unit (`XXX`,
 * `XTS`, precious metals, `XDR`) are left out on purpose: no shop sells in them.
 */
const EXPONENT_TWO = (
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP ' +
  'GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL ' +
  'MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN ' +
  'QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD ' +
  'TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG'
).split(' ');

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...EXPONENT_TWO.map((code): [string, number] => [code, 2]),
  ...Object.entries(EXPONENT_EXCEPTIONS),
]);

/** Why a currency code or an amount's text was refused. */
export class CurrencyError extends Error {
  override readonly name = 'CurrencyError';
}

/**
 * The ISO 4217 code in upper case, or `null` when it is not an active
 * currency with a minor unit.
 *
 * @example
 * normalizeCurrency(' usd ') // 'USD'
 * normalizeCurrency('XXX')   // null
 */
export function normalizeCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return EXPONENTS.has(upper) ? upper : null;
}

/** `true` when `code` (any case) is an active ISO 4217 currency. */
export const isCurrency = (code: string): boolean => normalizeCurrency(code) !== null;

/**
 * The number of decimal places of the currency's minor unit.
 *
 * @example
 * currencyExponent('CNY') // 2
 * currencyExponent('JPY') // 0
 * currencyExponent('KWD') // 3
 */
export function currencyExponent(code: string): number {
  const upper = normalizeCurrency(code);
  if (upper === null) throw new CurrencyError(`"${code}" is not an ISO 4217 currency code`);
  return EXPONENTS.get(upper)!;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Decimal text in the currency's major unit → integer minor units, exactly.
 * Trailing zeros past the exponent are accepted (`"1990.00"` JPY); any other
 * digit there, a float exponent, a thousands separator or a non-safe result
 * is refused with the reason.
 *
 * @example
 * decimalToMinorUnits('199.00', 'CNY') // 19900
 * decimalToMinorUnits('1990', 'JPY')   // 1990
 * decimalToMinorUnits('1.250', 'KWD')  // 1250
 * decimalToMinorUnits('1.005', 'USD')  // throws CurrencyError
 */
export function decimalToMinorUnits(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new CurrencyError(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.slice(0, exponent);
  if (/[^0]/.test(fraction.slice(exponent))) {
    throw new CurrencyError(`"${text}" has more decimal places than ${currency.toUpperCase()} has (${exponent})`);
  }
  const digits = (whole! + kept.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || digits.length > 15) throw new CurrencyError(`"${text}" is too large an amount`);
  return sign && value !== 0 ? -value : value;
}

/**
 * Integer minor units → plain decimal text in the major unit (no grouping, no
 * symbol): the inverse of {@link decimalToMinorUnits}.
 *
 * @example
 * minorUnitsToDecimal(19900, 'CNY') // '199.00'
 * minorUnitsToDecimal(1990, 'JPY')  // '1990'
 * minorUnitsToDecimal(-5, 'USD')    // '-0.05'
 */
export function minorUnitsToDecimal(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits)) throw new RangeError(`minor units must be a safe integer, got ${String(minorUnits)}`);
  return decimalText(minorUnits, currencyExponent(currency));
}

/**
 * An integer as decimal text with `exponent` digits after the point, by
 * string arithmetic (no float): the one place minor units become a decimal,
 * for {@link minorUnitsToDecimal} and {@link formatMoney}.
 *
 * @example
 * decimalText(-5, 2)   // '-0.05'
 * decimalText(1990, 0) // '1990'
 */
export function decimalText(integer: number, exponent: number): string {
  const digits = String(Math.abs(integer)).padStart(exponent + 1, '0');
  const sign = integer < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
