import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnitsToDecimal } from './currency';
import { formatMoney } from './format-money';

describe('formatMoney', () => {
  it('formats minor units in the currency’s ISO 4217 exponent, ¥ in zh-CN', () => {
    expect(formatMoney(3990, 'CNY', 'zh-CN')).toBe('¥39.90');
    expect(formatMoney(5, 'CNY', 'zh-CN')).toBe('¥0.05');
    expect(formatMoney(1999, 'USD', 'en-US')).toBe('$19.99');
    expect(formatMoney(-120, 'USD', 'en-US')).toBe('-$1.20');
    // JPY has no minor unit, KWD three digits.
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(1250, 'KWD', 'en-US')).toBe('KWD\u00a01.250');
  });

  it('is exact beyond what a float holds (2^53 / 100)', () => {
    expect(formatMoney(900719925474099, 'USD', 'en-US')).toBe('$9,007,199,254,740.99');
  });

  it('falls back to the decimal and the code, never throwing', () => {
    // A code that is not ISO 4217 is shown with two digits.
    expect(formatMoney(1234, 'XYZ', 'en-US')).toBe('XYZ\u00a012.34');
    expect(formatMoney(1234, 'not a code', 'en-US')).toBe('12.34 not a code');
    expect(formatMoney(1234, 'CNY', 'not a locale!')).toBe('12.34 CNY');
  });

  it('shows the decimal minorUnitsToDecimal gives (one conversion), whatever the exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('CNY', 'JPY', 'KWD', 'USD', 'IDR'), (minor, currency) => {
        // en-US writes a minus, the symbol or code, grouping commas and the point: keep digits, point and minus
        expect(formatMoney(minor, currency, 'en-US').replace(/[^\d.-]/g, '')).toBe(minorUnitsToDecimal(minor, currency));
      }),
    );
    // IDR counts money in hundredths (ISO 4217), though Intl shows it without: the digits are kept
    expect(formatMoney(12_345, 'IDR', 'en-US')).toBe('IDR\u00a0123.45');
  });

  it('round-trips: the digits shown are the integer minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        const digits = formatMoney(minor, 'EUR', 'en-US').replace(/[^\d-]/g, '');
        expect(BigInt(digits)).toBe(BigInt(minor));
      }),
    );
  });
});
