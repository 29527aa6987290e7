import { currencyExponent, formatMoney, minorUnitsToDecimal } from '@twotier/core';
import { lang } from './i18n';

/** Minor-unit digits of a currency (2 for CNY, 0 for JPY): core's ISO 4217 exponent, as the server counts money; 2 for a code it does not know. */
export const minorDigits = (currency: string): number => {
  try {
    return currencyExponent(currency);
  } catch {
    return 2;
  }
};

/** Minor units as an exact decimal string, without floating point: core's minorUnitsToDecimal (1999 → "19.99"). */
export const decimalOf = (minor: number, currency: string): string => minorUnitsToDecimal(Math.trunc(minor), currency);

/** Money in the chosen language by core's `formatMoney` (the one formatter of the panel, the dashboard and the emails): ¥1,234.50 in zh-CN, CN¥1,234.50 in en. */
export const money = (minor: number, currency: string): string => formatMoney(minor, currency, lang.value);

/** Compact money for chart axes. */
export const moneyShort = (minor: number, currency: string): string =>
  new Intl.NumberFormat(lang.value, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(decimalOf(minor, currency) as unknown as number);

/** A count, grouped. */
export const count = (n: number): string => new Intl.NumberFormat(lang.value).format(n);

/** Basis points as a percentage: 1250 → "12.5%". */
export const bps = (b: number): string => `${decimalOf(b, 'USD').replace(/\.?0+$/, '')}%`;

/** A date (and time) in the chosen language. */
export const date = (isoText: string | null | undefined, withTime = false): string =>
  isoText ? new Intl.DateTimeFormat(lang.value, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(new Date(isoText)) : '—';

/** Change against the previous period, as an integer percent, or null when there was nothing before. */
export const changePct = (value: number, previous: number): number | null =>
  previous === 0 ? (value === 0 ? 0 : null) : Math.round(((value - previous) * 100) / Math.abs(previous));

/** `YYYY-MM-DD` of a Date (UTC). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
