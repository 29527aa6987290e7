/**
 * A new id for a visitor or a browser event: a {@link timeOrderedId}, 21
 * letters and digits beginning with the time it was made, so the server's
 * indexes on visitor and event ids append at their end, as its own ids do.
 *
 * @example
 * createVisitorId() // '0vH4kQ2mX3ka9BcJdEf7g'
 */
export { timeOrderedId as createVisitorId } from '../ids/time-ordered-id';
