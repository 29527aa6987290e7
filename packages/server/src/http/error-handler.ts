import { AttributionError, RefundError, RuleError } from '@twotier/core';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from '../context';
import { DomainError, type DomainErrorKind } from '../domain/errors';
import { InvalidInput } from '../domain/validate';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { HttpError, conflict, errorResponse, invalid, validationError } from './errors';

/** The status each kind of refusal of the services is answered with. */
const STATUS_OF: Record<DomainErrorKind, 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503> = {
  bad_request: 400,
  invalid: 422,
  conflict: 409,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  unavailable: 503,
};

/** SQLite and PostgreSQL unique-constraint violations. */
const isUniqueViolation = (e: unknown): boolean => {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/** The answer while the database is away (see `isDatabaseUnavailable`): 503, retry in a few seconds. */
const databaseUnavailable = () =>
  new HttpError(503, 'unavailable', 'the database is not answering for now: send the request again after Retry-After seconds', undefined, {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });

/** Maps every error to the one error shape; only a bug becomes a 500 (and is logged). */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  return errorResponse(c, toHttpError(error, c.get('services')?.logger, c.req.path));
}

/** The HTTP error an error is answered with; the database away is a 503 with Retry-After; anything unexpected is logged and becomes a 500. */
export function toHttpError(error: unknown, logger: Logger | undefined, path: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof InvalidInput) return validationError(error.zodError);
  if (error instanceof DomainError) {
    const headers = error.retryAfter === undefined ? undefined : { 'Retry-After': String(error.retryAfter) };
    return new HttpError(STATUS_OF[error.kind], error.code, error.message, error.details, headers);
  }
  if (error instanceof RuleError || error instanceof RefundError) return invalid(error.code, error.message);
  if (error instanceof AttributionError) return invalid('invalid_attribution', error.message);
  if (isUniqueViolation(error)) return conflict('conflict', 'a concurrent request created the same record; retry to read it');
  if (isDatabaseUnavailable(error)) {
    logger?.warn({ err: error, path }, 'database unavailable: answered 503');
    return databaseUnavailable();
  }
  logger?.error({ err: error, path }, 'unhandled error');
  return new HttpError(500, 'internal_error', 'internal error');
}
