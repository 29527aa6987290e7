import { AttributionError, RefundError, RuleError } from '@twotier/core';
import type { Context } from 'hono';
import type { AppEnv } from '../context';
import { HttpError, conflict, errorResponse, invalid } from './errors';

/** SQLite and PostgreSQL unique-constraint violations. */
const isUniqueViolation = (e: unknown): boolean => {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/** Maps every error to the one error shape; only a bug becomes a 500 (and is logged). */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof HttpError) return errorResponse(c, error);
  if (error instanceof RuleError || error instanceof RefundError) return errorResponse(c, invalid(error.code, error.message));
  if (error instanceof AttributionError) return errorResponse(c, invalid('invalid_attribution', error.message));
  if (isUniqueViolation(error)) {
    return errorResponse(c, conflict('conflict', 'a concurrent request created the same record; retry to read it'));
  }
  c.get('services')?.logger.error({ err: error, path: c.req.path }, 'unhandled error');
  return errorResponse(c, new HttpError(500, 'internal_error', 'internal error'));
}
