/** First retry after this long; each later one waits twice as long. */
export const FIRST_RETRY_MS = 10_000;
/** Longest wait between two attempts. */
export const MAX_RETRY_MS = 6 * 3_600_000;
/** A delivery is retried for at least this long after its event before it is marked failed. */
export const GIVE_UP_AFTER_MS = 3 * 86_400_000;

/**
 * When to try a delivery again after `attempts` failed attempts, or `null`
 * to give up: exponential backoff (10 s, 20 s, 40 s, … capped at 6 h) for at
 * least three days after the event.
 */
export function nextAttemptAt(createdAt: number, attempts: number, now: number): number | null {
  const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  if (now - createdAt >= GIVE_UP_AFTER_MS) return null;
  return now + wait;
}
