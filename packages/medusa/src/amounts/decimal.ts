import { CurrencyError, currencyExponent, decimalToMinorUnits, roundHalfEvenBigInt } from '@twotier/core';

/**
 * Medusa v2 keeps money as decimal numbers in the major unit (`39.99`),
 * stored with up to 20 significant digits (`raw_unit_price: { value: "39.99" }`)
 * and served as JSON numbers or `BigNumber`s. These helpers read such a value
 * as its exact decimal text and compute with it as a fraction of `bigint`s:
 * no floating point touches an amount.
 */

/** An exact rational number `n / d`, `d > 0`. */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

/** Why a Medusa amount was refused. */
export class AmountError extends Error {
  override readonly name = 'AmountError';
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The exact decimal text of a Medusa amount: a string, a JSON number, a raw
 * value (`{ value: "39.99", precision: 20 }`) or a `BigNumber` (through its
 * `raw`). A number printed in exponent form, `NaN`, `Infinity` or anything
 * else is refused with the reason.
 *
 * @example
 * amountText({ value: '39.99', precision: 20 }, 'unit price') // '39.99'
 * amountText(4.9, 'shipping')                                  // '4.9'
 * amountText(1e-7, 'tax')                                      // throws AmountError
 */
export function amountText(value: unknown, what: string): string {
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL.test(text)) throw new AmountError(`${what} "${value}" is not a decimal amount`);
    return text;
  }
  if (typeof value === 'number') {
    const text = String(value);
    if (!DECIMAL.test(text)) throw new AmountError(`${what} ${text} is not an exact decimal amount`);
    return text;
  }
  if (typeof value === 'bigint') return String(value);
  if (value !== null && typeof value === 'object') {
    const o = value as { value?: unknown; raw?: unknown; toJSON?: () => unknown };
    if (o.value !== undefined) return amountText(o.value, what);
    if (o.raw !== undefined) return amountText(o.raw, what);
    if (typeof o.toJSON === 'function') return amountText(o.toJSON(), what);
  }
  throw new AmountError(`${what} is missing or not an amount (${value === undefined ? 'undefined' : JSON.stringify(value)})`);
}

/** The exact value of decimal text. */
export function parseDecimal(text: string): Ratio {
  const match = DECIMAL.exec(text);
  if (!match) throw new AmountError(`"${text}" is not a decimal amount`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  return { n: BigInt(`${sign}${whole}${fraction}`), d: 10n ** BigInt(fraction.length) };
}

/** {@link amountText} then {@link parseDecimal}. */
export const readAmount = (value: unknown, what: string): Ratio => parseDecimal(amountText(value, what));

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

const reduce = (n: bigint, d: bigint): Ratio => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
};

export const ZERO: Ratio = { n: 0n, d: 1n };
export const ONE: Ratio = { n: 1n, d: 1n };
export const ratio = (n: bigint | number, d: bigint | number = 1n): Ratio => reduce(BigInt(n), BigInt(d));
export const add = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio): Ratio => {
  if (b.n === 0n) throw new AmountError('division by zero');
  return reduce(a.n * b.d, a.d * b.n);
};
export const sum = (values: readonly Ratio[]): Ratio => values.reduce(add, ZERO);
export const isNegative = (a: Ratio): boolean => a.n < 0n;
/** `a` compared with `b`: -1, 0 or 1. */
export const compare = (a: Ratio, b: Ratio): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

const safe = (value: bigint, what: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AmountError(`${what} is too large an amount`);
  }
  return Number(value);
};

/**
 * An amount Medusa derived from a rate (a tax share, a percentage discount,
 * a net price out of a tax-inclusive one) in the currency's minor units,
 * rounded once, half to even.
 *
 * @example
 * roundedMinorUnits(parseDecimal('11.997'), 'EUR') // 1200
 * roundedMinorUnits(parseDecimal('0.125'), 'USD')  // 12
 */
export function roundedMinorUnits(value: Ratio, currency: string, what = 'amount'): number {
  const scale = 10n ** BigInt(currencyExponent(currency));
  return safe(roundHalfEvenBigInt(value.n * scale, value.d), what);
}

/**
 * A price the shop set, in minor units, exactly: a price with more decimal
 * places than the currency has is refused with the reason.
 *
 * @example
 * exactMinorUnits('39.99', 'EUR', 'unit price of TEA-1') // 3999
 * exactMinorUnits('1.250', 'KWD', 'unit price of TEA-1') // 1250
 * exactMinorUnits('9.995', 'EUR', 'unit price of TEA-1') // throws AmountError
 */
export function exactMinorUnits(text: string, currency: string, what: string): number {
  try {
    return decimalToMinorUnits(text, currency);
  } catch (error) {
    if (error instanceof CurrencyError) throw new AmountError(`${what}: ${error.message}`);
    throw error;
  }
}
