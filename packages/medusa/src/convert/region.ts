/** The parts of a Medusa address the region is read from. */
export interface MedusaAddressLike {
  country_code?: string | null;
  province?: string | null;
}

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^([A-Z]{2})-([A-Z0-9]{1,3})$/;
const LOCAL_CODE = /^[A-Z0-9]{1,3}$/;

/**
 * The shipping address as an ISO 3166-2 region (`DE-BY`, `CN-ZJ`), so
 * twotier's region rules read the same whatever the platform. Medusa stores
 * the province as the storefront sent it: a full code (`de-by`, Medusa's own
 * tax-region form), a code without the country (`BY`), or a name. A name
 * cannot be mapped without a table, so the region is then the country alone.
 *
 * @example
 * regionOf({ country_code: 'de', province: 'de-by' }) // 'DE-BY'
 * regionOf({ country_code: 'cn', province: 'ZJ' })    // 'CN-ZJ'
 * regionOf({ country_code: 'cn', province: 'Zhejiang' }) // 'CN'
 * regionOf(null)                                        // undefined
 */
export function regionOf(address: MedusaAddressLike | null | undefined): string | undefined {
  const country = address?.country_code?.trim().toUpperCase();
  if (!country || !COUNTRY.test(country)) return undefined;
  const province = address?.province?.trim().toUpperCase().replace(/_/g, '-');
  if (!province) return country;
  const full = SUBDIVISION.exec(province);
  if (full) return full[1] === country ? province : country;
  if (LOCAL_CODE.test(province)) return `${country}-${province}`;
  return country;
}
