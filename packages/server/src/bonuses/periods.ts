import { DAY_MS } from '../util/time';

/** A bonus period: `month` (calendar month, UTC) or `week` (Monday to Sunday, UTC). */
export type PeriodKind = 'month' | 'week';

/** One period: its key (`month:2026-03-01`), first instant and first instant after it. */
export interface Period {
  key: string;
  start: number;
  end: number;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The period containing the instant `ms`. */
export function periodAt(kind: PeriodKind, ms: number): Period {
  const d = new Date(ms);
  if (kind === 'month') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return { key: `month:${day(start)}`, start, end };
  }
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  const start = midnight - sinceMonday * DAY_MS;
  return { key: `week:${day(start)}`, start, end: start + 7 * DAY_MS };
}

/** The period right after `p`. */
export const nextPeriod = (kind: PeriodKind, p: Period): Period => periodAt(kind, p.end);

/** Parses a key made by {@link periodAt}; `null` when it is not one. */
export function parsePeriodKey(key: string): { kind: PeriodKind; period: Period } | null {
  const m = /^(month|week):(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (!m) return null;
  const kind = m[1] as PeriodKind;
  const start = Date.parse(`${m[2]}T00:00:00Z`);
  if (Number.isNaN(start)) return null;
  const period = periodAt(kind, start);
  return period.start === start ? { kind, period } : null;
}

/**
 * Periods that are closed for bonuses at `now`: ended, and their hold
 * period over too (refunds inside it are already counted), from the period
 * containing `firstSale` on, leaving out those in `done`; at most `max`.
 */
export function closedPeriods(kind: PeriodKind, firstSale: number, holdDays: number, now: number, done: ReadonlySet<string> = new Set(), max = 120): Period[] {
  const out: Period[] = [];
  for (let p = periodAt(kind, firstSale); p.end + holdDays * DAY_MS <= now && out.length < max; p = nextPeriod(kind, p)) {
    if (!done.has(p.key)) out.push(p);
  }
  return out;
}
