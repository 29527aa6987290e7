import fc from 'fast-check';
import { expect, test } from 'vitest';
import { utcDay } from './time';

test('utcDay is the instant’s UTC date, whatever instants came before it (the last day’s text is kept)', () => {
  const instant = fc.integer({ min: Date.UTC(1970, 0, 1) - 10 * 86_400_000, max: Date.UTC(2100, 0, 1) });
  fc.assert(
    fc.property(fc.array(fc.oneof(instant, instant.map((ms) => ms - (ms % 86_400_000)), instant.map((ms) => ms - (ms % 86_400_000) - 1)), { minLength: 1, maxLength: 20 }), (instants) => {
      for (const ms of instants) expect(utcDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }),
  );
});
