/** A province as Vendure's Province entity describes it (a Region of type `province` under a country). */
export interface ProvinceLike {
  code: string;
  /** Names in each of the shop's languages. */
  names: string[];
}

/** The fields of Vendure's `OrderAddress` the region is read from. */
export interface AddressLike {
  countryCode?: string | null;
  province?: string | null;
}

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^[A-Z0-9]{1,3}$/;

/** `ZJ`, `CN-ZJ` or `cn-zj` under country `CN` → `CN-ZJ`; anything else → `null`. */
const asSubdivision = (country: string, text: string): string | null => {
  const upper = text.trim().toUpperCase();
  if (upper.startsWith(`${country}-`) && SUBDIVISION.test(upper.slice(3))) return upper;
  if (SUBDIVISION.test(upper)) return `${country}-${upper}`;
  return null;
};

/**
 * The ISO 3166-2 region of a shipping address: country code and province,
 * e.g. `CN-ZJ`, so twotier's region rules read the same on every platform.
 *
 * A Vendure address keeps its province as free text. It is matched by name
 * against the country's provinces defined in Vendure (each with its code),
 * else read as a subdivision code when it is one (`ZJ`, `CN-ZJ`); failing
 * both, the country code alone (`CN`). No country code: no region.
 *
 * @example
 * regionOf({ countryCode: 'CN', province: 'Zhejiang' }, [{ code: 'ZJ', names: ['Zhejiang', '浙江'] }]) // 'CN-ZJ'
 * regionOf({ countryCode: 'us', province: 'CA' }) // 'US-CA'
 * regionOf({ countryCode: 'DE', province: 'Somewhere' }) // 'DE'
 */
export function regionOf(address: AddressLike | null | undefined, provinces: readonly ProvinceLike[] = []): string | undefined {
  const country = address?.countryCode?.trim().toUpperCase() ?? '';
  if (!COUNTRY.test(country)) return undefined;
  const province = address?.province?.trim() ?? '';
  if (!province) return country;
  const wanted = province.toLocaleLowerCase();
  for (const candidate of provinces) {
    if (candidate.names.some((n) => n.trim().toLocaleLowerCase() === wanted)) {
      const code = asSubdivision(country, candidate.code);
      if (code) return code;
    }
  }
  return asSubdivision(country, province) ?? country;
}
