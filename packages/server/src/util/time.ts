/** Milliseconds since the epoch to an ISO 8601 string. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

let lastDay = Number.NaN;
let lastDayText = '';

/** `YYYY-MM-DD` (UTC) of an instant. The last day's text is kept: a batch of clicks or orders is nearly always one day, and formatting a date costs more than the rest of a click's rollup. */
export const utcDay = (ms: number): string => {
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDayText;
};

/** `value` as a finite Number; PostgreSQL aggregates may arrive as strings. */
export const num = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return n;
};
