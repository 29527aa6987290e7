import { createHash, timingSafeEqual } from 'node:crypto';

/** sha256 of `text`, hex. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Compares two strings in time independent of where they differ. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
};

/**
 * JSON with object keys sorted at every depth, so two requests that mean the
 * same thing hash the same regardless of key order.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/** Hash identifying a request's content, for idempotent replays. */
export const requestHash = (value: unknown): string => sha256Hex(canonicalJson(value));
