import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CurrencyError, currencyExponent, decimalToMinorUnits, isCurrency, minorUnitsToDecimal, normalizeCurrency } from './currency';

describe('ISO 4217 codes', () => {
  test('codes are upper-cased; unknown and unit-less codes are refused', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency(' cny ')).toBe('CNY');
    for (const code of ['XXX', 'XAU', 'XTS', 'ABC', 'US', 'USDT', '']) expect(normalizeCurrency(code)).toBeNull();
    expect(isCurrency('idr')).toBe(true);
  });

  test('exponents are the real minor units', () => {
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(() => currencyExponent('XXX')).toThrow(CurrencyError);
  });
});

describe('decimal text ⇄ minor units', () => {
  test('golden cases', () => {
    expect(decimalToMinorUnits('199.00', 'CNY')).toBe(19_900);
    expect(decimalToMinorUnits('199', 'CNY')).toBe(19_900); // no fraction: whole yuan
    expect(decimalToMinorUnits('0.5', 'USD')).toBe(50); // one digit: tenths
    expect(decimalToMinorUnits('1990', 'JPY')).toBe(1_990);
    expect(decimalToMinorUnits('1990.00', 'JPY')).toBe(1_990); // zeros past the exponent are exact
    expect(decimalToMinorUnits('1.250', 'KWD')).toBe(1_250);
    expect(decimalToMinorUnits('-12.34', 'EUR')).toBe(-1_234);
    expect(decimalToMinorUnits('-0.00', 'EUR')).toBe(0); // no negative zero
    expect(decimalToMinorUnits('0.10', 'usd')).toBe(10);
  });

  test('text that is not an exact amount in the currency is refused with the reason', () => {
    expect(() => decimalToMinorUnits('1.005', 'USD')).toThrow(/more decimal places than USD has \(2\)/);
    expect(() => decimalToMinorUnits('1990.5', 'JPY')).toThrow(/JPY has \(0\)/);
    for (const text of ['1e3', '1,000.00', '', '.5', '5.', 'NaN', '0x10', '+1']) {
      expect(() => decimalToMinorUnits(text, 'USD'), text).toThrow(CurrencyError);
    }
    expect(() => decimalToMinorUnits('99999999999999999.00', 'USD')).toThrow(/too large/);
    expect(() => decimalToMinorUnits('1.00', 'XXX')).toThrow(/not an ISO 4217/);
  });

  test('property: minor units → text → minor units is the identity, in every exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('CNY', 'JPY', 'KWD', 'CLF'), (minor, currency) => {
        const text = minorUnitsToDecimal(minor, currency);
        expect(decimalToMinorUnits(text, currency)).toBe(minor);
        const exponent = currencyExponent(currency);
        expect(text.includes('.') ? text.split('.')[1]!.length : 0).toBe(exponent);
      }),
    );
  });

  test('property: the parsed value matches exact integer arithmetic on the digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 11n }), fc.integer({ min: 0, max: 3 }), (major, places) => {
        const fraction = '7'.repeat(places);
        const text = places ? `${major}.${fraction}` : String(major);
        const minor = decimalToMinorUnits(text, 'KWD');
        const expected = major * 1000n + BigInt((fraction || '0').padEnd(3, '0'));
        expect(BigInt(minor)).toBe(expected);
      }),
    );
  });
});
