import { describe, expect, test } from 'vitest';
import { regionFromAddress } from './region';

describe('regionFromAddress: ISO 3166-2 whatever the platform', () => {
  test.each([
    ['CN', 'ZJ', 'CN-ZJ', "Shopify's province code"],
    ['CN', 'CN12', 'CN-ZJ', "WooCommerce's own numbering of China's provinces"],
    ['CN', 'CN31', 'CN-XZ', 'Tibet in WooCommerce'],
    ['cn', ' zj ', 'CN-ZJ', 'case and spaces'],
    ['US', 'CA', 'US-CA', 'a bare subdivision'],
    ['DE', 'DE-BY', 'DE-BY', 'WooCommerce codes that are already ISO'],
    ['JP', 'JP13', 'JP-13', 'WooCommerce prefixes without a hyphen'],
    ['FR', '', 'FR', 'no province: the country'],
    ['FR', null, 'FR', 'no province field'],
  ] as [string, string | null, string, string][])('%s %s → %s (%s)', (country, subdivision, expected) => {
    expect(regionFromAddress(country, subdivision)).toBe(expected);
  });

  test('no usable country: no region', () => {
    expect(regionFromAddress(undefined, 'ZJ')).toBeUndefined();
    expect(regionFromAddress('China', 'ZJ')).toBeUndefined();
  });
});
