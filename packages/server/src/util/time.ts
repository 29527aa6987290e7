/** Milliseconds since the epoch to an ISO 8601 string. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

/** `value` as a finite Number; PostgreSQL aggregates may arrive as strings. */
export const num = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return n;
};
