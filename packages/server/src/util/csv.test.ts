import { describe, expect, test } from 'vitest';
import { minorUnitsToDecimal } from '@twotier/core';
import { csvField, toCsv } from './csv';

describe('csv', () => {
  test('amounts in the CSVs are core decimals, without floating point', () => {
    expect(minorUnitsToDecimal(1999, 'CNY')).toBe('19.99'); // the API's own example
    expect(minorUnitsToDecimal(5, 'CNY')).toBe('0.05'); // pads short amounts
    expect(minorUnitsToDecimal(-120, 'USD')).toBe('-1.20'); // clawbacks keep their sign
    expect(minorUnitsToDecimal(1500, 'JPY')).toBe('1500'); // JPY has no minor unit
    expect(minorUnitsToDecimal(9_007_199_254_740, 'CNY')).toBe('90071992547.40'); // large amounts stay exact
  });

  test('fields are quoted when needed and never start a formula', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(toCsv([['a', 1], ['b', 2]])).toBe('a,1\r\nb,2\r\n');
  });
});
