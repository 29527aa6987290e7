import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVisitorId } from './visitor-id';

afterEach(() => vi.unstubAllGlobals());

describe('createVisitorId', () => {
  it('is 21 URL-safe characters and different each time, even within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createVisitorId(1_780_000_000_000)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });

  it('starts with its creation time, so ids made later sort later byte by byte', () => {
    const ms = fc.integer({ min: 0, max: 62 ** 8 - 1 });
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        const [x, y] = [createVisitorId(a), createVisitorId(b)];
        const bytewise = x.slice(0, 8) < y.slice(0, 8) ? -1 : x.slice(0, 8) > y.slice(0, 8) ? 1 : 0;
        expect(bytewise).toBe(Math.sign(a - b));
      }),
      { numRuns: 2000 },
    );
    expect(createVisitorId(0).slice(0, 8)).toBe('00000000');
    expect(createVisitorId(62 ** 8 - 1).slice(0, 8)).toBe('zzzzzzzz');
    expect(createVisitorId(-5).slice(0, 8)).toBe('00000000');
    expect(createVisitorId().slice(0, 8) > createVisitorId(Date.UTC(2026, 0, 1)).slice(0, 8)).toBe(true);
  });

  it('maps the 64 values of six random bits onto 64 distinct characters', () => {
    let value = 0;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => a.fill(value) });
    const chars = Array.from({ length: 64 }, (_, v) => {
      value = v + 64 * (v % 4); // the high bits are dropped
      const random = createVisitorId(0).slice(8);
      expect(random).toBe(random[0]!.repeat(13));
      return random[0];
    }).join('');
    expect(chars).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_');
  });
});
