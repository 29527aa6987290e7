import { invalid } from '../domain/errors';
import { DAY_MS } from '../util/time';

/** A half-open time range `[from, to)` in ms, whole UTC days. */
export interface Period {
  from: number;
  to: number;
}

const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * The period a report covers, whole UTC days, at most 400 days: `to` is
 * inclusive of its day. Without dates, the 30 days ending today.
 */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined }, now: number): Period {
  const to = query.to ? dayStart(Date.parse(query.to)) + DAY_MS : dayStart(now) + DAY_MS;
  const from = query.from ? dayStart(Date.parse(query.from)) : to - 30 * DAY_MS;
  if (!(from < to)) throw invalid('invalid_period', 'from must be on or before to');
  if (to - from > 400 * DAY_MS) throw invalid('invalid_period', 'a period spans at most 400 days');
  return { from, to };
}

/** The period of the same length right before `p`, for "change against the previous period". */
export const previousPeriod = (p: Period): Period => ({ from: p.from - (p.to - p.from), to: p.from });

/** Days of a period as `YYYY-MM-DD`, in order. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = p.from; t < p.to; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The `YYYY-MM-DD` of a UTC day number (ms / DAY_MS). */
export const dayKey = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
