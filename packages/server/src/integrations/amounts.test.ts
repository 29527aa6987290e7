import { currencyExponent, minorUnitsToDecimal } from '@twotier/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DomainError } from '../domain/errors';
import { platformAmount, roundedSum } from './amounts';

const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return (error as DomainError).message;
  }
  throw new Error('not refused');
};

describe('platformAmount', () => {
  test('golden cases: each currency by its own exponent', () => {
    expect(platformAmount('199.00', 'CNY', 'price')).toBe(19_900); // 2 decimals
    expect(platformAmount('1990', 'JPY', 'price')).toBe(1990); // no minor unit
    expect(platformAmount('1990.00', 'JPY', 'price')).toBe(1990); // trailing zeros are still exact
    expect(platformAmount('1.250', 'KWD', 'price')).toBe(1250); // 3 decimals
    expect(platformAmount('0.1', 'USD', 'price')).toBe(10); // fewer decimals than the exponent
    expect(platformAmount(19.99, 'USD', 'price')).toBe(1999); // a JSON number, read from its shortest text
    expect(platformAmount(null, 'USD', 'price')).toBe(0); // absent
  });

  test('refused with the field and the reason', () => {
    expect(refused(() => platformAmount('1990.5', 'JPY', 'line_items[0].price'))).toMatch(/line_items\[0\]\.price is not an exact JPY amount.*decimal places/);
    expect(refused(() => platformAmount('1.2505', 'KWD', 'shipping_total'))).toMatch(/more decimal places than KWD has \(3\)/);
    expect(refused(() => platformAmount('1,000.00', 'USD', 'total'))).toMatch(/not a decimal amount/);
    expect(refused(() => platformAmount('1e3', 'USD', 'total'))).toMatch(/not a decimal amount/);
    expect(refused(() => platformAmount('-5.00', 'USD', 'total'))).toMatch(/negative/);
    expect(refused(() => platformAmount({}, 'USD', 'total'))).toMatch(/not a decimal amount/);
    expect(refused(() => platformAmount('5.00', 'XXX', 'total'))).toMatch(/not an ISO 4217 currency/);
  });

  test('property: the decimal text of any amount reads back as the same minor units, in any exponent', () => {
    fc.assert(
      fc.property(fc.constantFrom('JPY', 'CNY', 'USD', 'KWD', 'BHD', 'CLF'), fc.integer({ min: 0, max: 10 ** 12 }), fc.nat(3), (currency, minor, zeros) => {
        const text = minorUnitsToDecimal(minor, currency) + (currencyExponent(currency) === 0 ? (zeros ? '.' + '0'.repeat(zeros) : '') : '0'.repeat(zeros));
        expect(platformAmount(text, currency, 'x')).toBe(minor);
      }),
    );
  });
});

describe('roundedSum', () => {
  test("WooCommerce's unrounded tax-inclusive split adds up to the gross paid", () => {
    expect(roundedSum(['88.495575', '11.50'], 'CNY', 'line')).toBe(10_000); // 99.995575 → 100.00
    expect(roundedSum(['79.646018', '10.35'], 'CNY', 'line')).toBe(9000); // 89.996018 → 90.00
    expect(roundedSum(['0.005'], 'USD', 'x')).toBe(1); // half away from zero
    expect(roundedSum(['0.0049999'], 'USD', 'x')).toBe(0);
    expect(roundedSum(['1990.4'], 'JPY', 'x')).toBe(1990);
    expect(roundedSum([], 'USD', 'x')).toBe(0);
  });

  test('property: exact amounts sum exactly, whatever extra zeros they carry', () => {
    fc.assert(
      fc.property(fc.constantFrom('JPY', 'CNY', 'KWD'), fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { maxLength: 6 }), (currency, parts) => {
        const texts = parts.map((p) => minorUnitsToDecimal(p, currency) + (currencyExponent(currency) ? '000' : '.000'));
        expect(roundedSum(texts, currency, 'x')).toBe(parts.reduce((a, b) => a + b, 0));
      }),
    );
  });
});
