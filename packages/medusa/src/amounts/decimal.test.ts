import fc from 'fast-check';
import { decimalToMinorUnits } from '@twotier/core';
import { describe, expect, it } from 'vitest';
import { AmountError, add, amountText, div, exactMinorUnits, mul, parseDecimal, ratio, readAmount, roundedMinorUnits } from './decimal';

describe('amountText', () => {
  it('reads the stored text first, then JSON numbers and BigNumber-like objects', () => {
    expect(amountText({ value: '39.99', precision: 20 }, 'x')).toBe('39.99');
    expect(amountText({ raw: { value: '148.5953', precision: 20 }, numeric: 148.5953 }, 'x')).toBe('148.5953');
    expect(amountText({ toJSON: () => 4.9 }, 'x')).toBe('4.9');
    expect(amountText(4.9, 'x')).toBe('4.9');
    expect(amountText(' 10 ', 'x')).toBe('10');
    expect(amountText(12n, 'x')).toBe('12');
  });

  it('refuses what is not an exact decimal, saying which amount', () => {
    expect(() => amountText(1e-7, 'tax of line A')).toThrow(new AmountError('tax of line A 1e-7 is not an exact decimal amount'));
    expect(() => amountText(Number.NaN, 'x')).toThrow(AmountError);
    expect(() => amountText(Infinity, 'x')).toThrow(AmountError);
    expect(() => amountText('1,000.00', 'x')).toThrow('x "1,000.00" is not a decimal amount');
    expect(() => amountText(undefined, 'unit price of line A')).toThrow('unit price of line A is missing');
  });
});

describe('exact arithmetic', () => {
  it('computes Medusa’s tax shares without rounding until asked', () => {
    // 119.97 at 19 % tax → 22.7943 exactly, as Medusa stores it
    const tax = mul(parseDecimal('119.97'), div(ratio(19), ratio(100)));
    expect(tax).toEqual(parseDecimal('22.7943'));
    expect(roundedMinorUnits(tax, 'EUR')).toBe(2279);
    // 39.99 including 19 % → 33.6050420168… net; rounds to 33.61
    expect(roundedMinorUnits(div(parseDecimal('39.99'), parseDecimal('1.19')), 'EUR')).toBe(3361);
  });

  it('rounds half to even once, in the currency’s exponent', () => {
    expect(roundedMinorUnits(parseDecimal('0.125'), 'USD')).toBe(12);
    expect(roundedMinorUnits(parseDecimal('0.135'), 'USD')).toBe(14);
    expect(roundedMinorUnits(parseDecimal('1990.5'), 'JPY')).toBe(1990);
    expect(roundedMinorUnits(parseDecimal('1.2505'), 'KWD')).toBe(1250);
    expect(roundedMinorUnits(add(parseDecimal('0.1'), parseDecimal('0.2')), 'EUR')).toBe(30);
  });

  it('takes a price exactly or refuses it with the reason', () => {
    expect(exactMinorUnits('39.99', 'EUR', 'p')).toBe(3999);
    expect(exactMinorUnits('1990', 'JPY', 'p')).toBe(1990);
    expect(exactMinorUnits('1.250', 'KWD', 'p')).toBe(1250);
    expect(() => exactMinorUnits('9.995', 'EUR', 'unit price of line TEA-1')).toThrow(
      new AmountError('unit price of line TEA-1: "9.995" has more decimal places than EUR has (2)'),
    );
  });

  it('agrees with core’s decimalToMinorUnits on every exact amount (property)', () => {
    fc.assert(
      fc.property(fc.nat(10 ** 12), fc.constantFrom('EUR', 'JPY', 'KWD'), (minor, currency) => {
        const exponent = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
        const digits = String(minor).padStart(exponent + 1, '0');
        const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
        expect(roundedMinorUnits(readAmount({ value: text }, 'x'), currency)).toBe(decimalToMinorUnits(text, currency));
        expect(roundedMinorUnits(readAmount(`${text}${exponent ? '' : '.'}000`, 'x'), currency)).toBe(minor);
      }),
    );
  });
});
