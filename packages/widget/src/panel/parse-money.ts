import { currencyExponent } from '@twotier/core';

/** Parses what a person typed ("12.5", "12,50") in `currency` into integer minor units, or `null`. */
export const parseMoney = (text: string, currency: string): number | null => {
  let d = 2;
  try {
    d = currencyExponent(currency);
  } catch {}
  const m = new RegExp(`^(\\d{1,12})(?:[.,](\\d{0,${d}}))?$`).exec(text.trim());
  return m ? Number(m[1]) * 10 ** d + Number((m[2] || '').padEnd(d, '0') || 0) : null;
};
