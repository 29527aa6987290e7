import { describe, expect, test } from 'vitest';
import { csvField, formatMinor, minorDigits, toCsv } from './csv';

describe('csv', () => {
  test('minor units format without floating point', () => {
    expect(formatMinor(1999, 2)).toBe('19.99'); // the API's own example
    expect(formatMinor(5, 2)).toBe('0.05'); // pads short amounts
    expect(formatMinor(-120, 2)).toBe('-1.20'); // clawbacks keep their sign
    expect(formatMinor(1500, 0)).toBe('1500'); // JPY has no minor unit
    expect(formatMinor(9_007_199_254_740, 2)).toBe('90071992547.40'); // large amounts stay exact
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('CNY')).toBe(2);
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
