/** PostgreSQL's `deadlock_detected` and `serialization_failure`: the transaction was rolled back and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Whether `error` is a PostgreSQL error that a rerun of the whole transaction resolves. */
export const isRetryableTxError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));

/**
 * Runs a whole transaction again when PostgreSQL aborted it as a deadlock
 * victim (or a serialization failure), after a short random pause, up to
 * `attempts` times. Several server processes writing the same hot rows
 * (the same order id posted to two of them, the day's rollup row) can form
 * lock cycles that no single lock order prevents; PostgreSQL breaks each by
 * rolling one transaction back, and running it again is the documented remedy.
 * The transaction body must have no effects outside the database.
 */
export async function retryDeadlocks<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTxError(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
