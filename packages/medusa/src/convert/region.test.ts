import { describe, expect, it } from 'vitest';
import { regionOf } from './region';

describe('regionOf', () => {
  it('gives ISO 3166-2 whichever form the storefront used', () => {
    expect(regionOf({ country_code: 'de', province: 'de-by' })).toBe('DE-BY');
    expect(regionOf({ country_code: 'cn', province: 'ZJ' })).toBe('CN-ZJ');
    expect(regionOf({ country_code: 'US', province: 'us_ca' })).toBe('US-CA');
    expect(regionOf({ country_code: 'fr', province: '75' })).toBe('FR-75');
  });

  it('falls back to the country for a province name, another country’s code, or none', () => {
    expect(regionOf({ country_code: 'cn', province: 'Zhejiang' })).toBe('CN');
    expect(regionOf({ country_code: 'de', province: 'at-9' })).toBe('DE');
    expect(regionOf({ country_code: 'de', province: null })).toBe('DE');
    expect(regionOf({ country_code: 'deu' })).toBeUndefined();
    expect(regionOf(null)).toBeUndefined();
  });
});
