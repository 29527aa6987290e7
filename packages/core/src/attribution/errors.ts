/**
 * Thrown by attribution functions for input no caller should send (an
 * invalid date, a malformed code where one is required), never for
 * "no attribution", which is `null`.
 *
 * @example
 * try { nextBinding(input) } catch (e) { if (e instanceof AttributionError) ... }
 */
export class AttributionError extends Error {
  override name = 'AttributionError';
}

/** Throws an {@link AttributionError} unless `date` is a valid `Date`. */
export const assertDate = (date: unknown, what: string): Date => {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new AttributionError(`${what} must be a valid Date`);
  }
  return date;
};
