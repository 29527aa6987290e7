import { afterEach, describe, expect, test, vi } from 'vitest';
import { newId } from './ids';

afterEach(() => vi.restoreAllMocks());

describe('newId', () => {
  test('prefix, then 20 letters and digits; 10,000 ids are all different', () => {
    const ids = Array.from({ length: 10_000 }, () => newId('com'));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^com_[0-9A-Za-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('ids made later sort later, byte by byte, across digit carries and years', () => {
    const times = [0, 61, 62, 3_843, 3_844, Date.UTC(2026, 10, 26), Date.UTC(2026, 10, 26) + 1, Date.UTC(2100, 0, 1), Date.UTC(8800, 0, 1)];
    const ids = times.map((t) => {
      vi.spyOn(Date, 'now').mockReturnValue(t);
      return newId('led');
    });
    const byBytes = [...ids].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(byBytes).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(4, 12))).size).toBe(times.length);
  });

  test('the 12 random characters are drawn afresh for every id, across refills of the random buffer', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 4));
    const tails = Array.from({ length: 2_000 }, () => newId('ord').slice(12));
    expect(new Set(tails).size).toBe(tails.length);
    // 24,000 characters over 62 letters and digits: each appears, none far above its share (~387)
    const counts = new Map<string, number>();
    for (const c of tails.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    expect(Math.max(...counts.values())).toBeLessThan(600);
  });
});
