/**
 * WooCommerce's own province codes for China (`i18n/states.php`, `CN1`…`CN32`)
 * and their ISO 3166-2:CN codes. Shopify already uses the ISO letters
 * (`province_code: "ZJ"`).
 */
const WOOCOMMERCE_CN: Readonly<Record<string, string>> = {
  CN1: 'YN', CN2: 'BJ', CN3: 'TJ', CN4: 'HE', CN5: 'SX', CN6: 'NM', CN7: 'LN', CN8: 'JL',
  CN9: 'HL', CN10: 'SH', CN11: 'JS', CN12: 'ZJ', CN13: 'AH', CN14: 'FJ', CN15: 'JX', CN16: 'SD',
  CN17: 'HA', CN18: 'HB', CN19: 'HN', CN20: 'GD', CN21: 'GX', CN22: 'HI', CN23: 'CQ', CN24: 'SC',
  CN25: 'GZ', CN26: 'SN', CN27: 'GS', CN28: 'QH', CN29: 'NX', CN30: 'MO', CN31: 'XZ', CN32: 'XJ',
};

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;

/**
 * The ISO 3166-2 code of a shipping address (`CN-ZJ`, `US-CA`, `JP-13`), so
 * region rules read the same whatever the platform; the country alone
 * (`CN`) when the address names no province; `undefined` without a country.
 * Accepts a subdivision as the platform gives it: bare (`ZJ`), already
 * prefixed (`DE-BY`), prefixed without a hyphen (`JP13`, `EGALX`), or
 * WooCommerce's numbered Chinese provinces (`CN12` → `CN-ZJ`).
 *
 * @example
 * regionFromAddress('CN', 'ZJ')   // 'CN-ZJ' (Shopify)
 * regionFromAddress('CN', 'CN12') // 'CN-ZJ' (WooCommerce)
 * regionFromAddress('US', 'CA')   // 'US-CA'
 */
export function regionFromAddress(country: unknown, subdivision: unknown): string | undefined {
  if (typeof country !== 'string') return undefined;
  const c = country.trim().toUpperCase();
  if (!COUNTRY.test(c)) return undefined;
  let s = typeof subdivision === 'string' ? subdivision.trim().toUpperCase() : '';
  if (!s) return c;
  if (c === 'CN' && WOOCOMMERCE_CN[s]) return `CN-${WOOCOMMERCE_CN[s]}`;
  if (s.startsWith(`${c}-`)) s = s.slice(3);
  else if (s.length > 2 && s.startsWith(c) && SUBDIVISION.test(s.slice(2))) s = s.slice(2);
  return SUBDIVISION.test(s) ? `${c}-${s}` : c;
}
