import { describe, expect, test } from 'vitest';
import { closedPeriods, parsePeriodKey, periodAt } from './periods';

const at = (iso: string) => Date.parse(iso);

describe('bonus periods', () => {
  test('months and ISO weeks, in UTC', () => {
    expect(periodAt('month', at('2026-03-31T23:59:59Z'))).toEqual({ key: 'month:2026-03-01', start: at('2026-03-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') });
    // 2026-03-01 is a Sunday: its week began on Monday 2026-02-23
    expect(periodAt('week', at('2026-03-01T10:00:00Z')).key).toBe('week:2026-02-23');
    expect(periodAt('week', at('2026-03-02T00:00:00Z')).key).toBe('week:2026-03-02');
    expect(periodAt('month', at('2026-12-15T00:00:00Z')).end).toBe(at('2027-01-01T00:00:00Z'));
  });

  test('a period is closed once it ended and its hold days passed; done periods are skipped, so long histories progress', () => {
    const first = at('2026-01-10T00:00:00Z');
    expect(closedPeriods('month', first, 3, at('2026-02-03T23:00:00Z')).map((p) => p.key)).toEqual([]);
    expect(closedPeriods('month', first, 3, at('2026-02-04T00:00:00Z')).map((p) => p.key)).toEqual(['month:2026-01-01']);
    const weeks = closedPeriods('week', at('2020-01-01T00:00:00Z'), 0, at('2026-01-01T00:00:00Z'), new Set(), 120);
    expect(weeks).toHaveLength(120);
    const next = closedPeriods('week', at('2020-01-01T00:00:00Z'), 0, at('2026-01-01T00:00:00Z'), new Set(weeks.map((w) => w.key)), 120);
    expect(next[0]!.start).toBe(weeks[119]!.end);
  });

  test('keys parse back, and only canonical ones', () => {
    expect(parsePeriodKey('month:2026-03-01')?.period.start).toBe(at('2026-03-01T00:00:00Z'));
    expect(parsePeriodKey('month:2026-03-02')).toBeNull();
    expect(parsePeriodKey('week:2026-03-02')?.kind).toBe('week');
    expect(parsePeriodKey('year:2026-01-01')).toBeNull();
  });
});
