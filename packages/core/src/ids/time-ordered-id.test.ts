import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVisitorId } from '../storage/visitor-id';
import { timeOrderedId } from './time-ordered-id';

afterEach(() => vi.unstubAllGlobals());

describe('timeOrderedId', () => {
  it('is 21 letters and digits and different each time, even within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(1_780_000_000_000)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{21}$/);
  });

  it('starts with its creation time, so ids made later sort later byte by byte', () => {
    const ms = fc.integer({ min: 0, max: 62 ** 8 - 1 });
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        const [x, y] = [timeOrderedId(a), timeOrderedId(b)];
        const bytewise = x.slice(0, 8) < y.slice(0, 8) ? -1 : x.slice(0, 8) > y.slice(0, 8) ? 1 : 0;
        expect(bytewise).toBe(Math.sign(a - b));
      }),
      { numRuns: 2000 },
    );
    expect(timeOrderedId(0).slice(0, 8)).toBe('00000000');
    expect(timeOrderedId(62 ** 8 - 1).slice(0, 8)).toBe('zzzzzzzz');
    expect(timeOrderedId(-5).slice(0, 8)).toBe('00000000');
    expect(timeOrderedId().slice(0, 8) > timeOrderedId(Date.UTC(2026, 0, 1)).slice(0, 8)).toBe(true);
  });

  it('maps every random byte onto the 62 letters and digits, in ASCII order', () => {
    let value = 0;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => a.fill(value) });
    const chars = Array.from({ length: 256 }, (_, v) => {
      value = v;
      const random = timeOrderedId(0).slice(8);
      expect(random).toBe(random[0]!.repeat(13));
      return random[0];
    });
    expect(chars.slice(0, 62).join('')).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    // the byte modulo 62: every character comes 4 or 5 times out of 256
    expect(chars.slice(62, 124).join('')).toBe(chars.slice(0, 62).join(''));
    const counts = new Map<string, number>();
    for (const c of chars) counts.set(c!, (counts.get(c!) ?? 0) + 1);
    expect(counts.size).toBe(62);
    expect([...new Set(counts.values())].sort()).toEqual([4, 5]);
  });

  it('is what the browser\'s visitor and event ids are made with', () => {
    expect(createVisitorId).toBe(timeOrderedId);
    expect(createVisitorId(0)).toMatch(/^00000000[A-Za-z0-9]{13}$/);
  });
});
