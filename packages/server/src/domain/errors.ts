/**
 * What services refuse with: a kind, a stable code, words, and details. A
 * service knows nothing of HTTP; the routes' error handler answers each
 * kind with its status (http/error-handler.ts: bad_request 400, invalid 422, conflict 409,
 * not_found 404, unauthorized 401, forbidden 403, rate_limited 429 with a Retry-After header,
 * unavailable 503) and the one error shape
 * `{ error: { code, message, details? } }`.
 *
 * @example
 * throw conflict('insufficient_balance', 'the balance is 1,000, not 5,000', { available: 1000 });
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds until a `rate_limited` refusal may be retried (the Retry-After header). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** invalid: well-formed but breaks a rule; conflict: a replay with other content, or a state that forbids the change; rate_limited: over an allowance until `retryAfter` seconds have passed; unavailable: this server is not set up for it. */
export type DomainErrorKind = 'bad_request' | 'invalid' | 'conflict' | 'not_found' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'unavailable';

/** Unreadable input, e.g. a paging cursor that was altered (HTTP 400, code `bad_request`). */
export const badRequest = (message: string, details?: unknown) => new DomainError('bad_request', 'bad_request', message, details);
/** Breaks a rule of the input (HTTP 422). */
export const invalid = (code: string, message: string, details?: unknown) => new DomainError('invalid', code, message, details);
/** A replay with different content, or a state that forbids the change (HTTP 409). */
export const conflict = (code: string, message: string, details?: unknown) => new DomainError('conflict', code, message, details);
/** `what` (e.g. `distributor d_1`) does not exist (HTTP 404). */
export const notFound = (what: string) => new DomainError('not_found', 'not_found', `${what} not found`);
/** No credentials, or credentials that match nothing (HTTP 401). */
export const unauthorized = (message: string) => new DomainError('unauthorized', 'unauthorized', message);
/** Valid credentials that may not do this (HTTP 403). */
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
/** Over an allowance: retry in `retryAfterSeconds` (HTTP 429 with that `Retry-After` header). */
export const rateLimited = (code: string, message: string, retryAfterSeconds: number, details?: unknown) =>
  new DomainError('rate_limited', code, message, details, retryAfterSeconds);
/** This server is not set up for it (HTTP 503), e.g. a key it needs is missing. */
export const unavailable = (code: string, message: string) => new DomainError('unavailable', code, message);
