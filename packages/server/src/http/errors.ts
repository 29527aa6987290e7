import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { codedIssue } from '@twotier/core/schema';
import type { z } from 'zod';

/**
 * An error with its HTTP status and stable code; rendered as
 * `{ error: { code, message, details? } }`.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** 400: the body is not JSON, or a query parameter is unreadable. */
export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);
/** 401: no credentials, or credentials that match nothing. */
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
/** 403: valid credentials that may not do this. */
export const forbidden = (code: string, message: string) => new HttpError(403, code, message);
/** 404. */
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
/** 409: a replay with different content, or a state that forbids the change. */
export const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);
/** 422: well-formed but invalid. */
export const invalid = (code: string, message: string, details?: unknown) => new HttpError(422, code, message, details);

/**
 * A zod failure as a 422 listing each issue's path and message
 * (`validation_failed`), or as the refusal a schema issue names with its own
 * code (core's `codedIssue`: a third level is `too_many_levels`, a rule
 * naming an unknown grade `unknown_grade`).
 */
export const validationError = (error: z.ZodError): HttpError => {
  const coded = codedIssue(error.issues);
  return coded ? invalid(coded.code, coded.message) : issuesError(error);
};

const issuesError = (error: z.ZodError): HttpError =>
  new HttpError(
    422,
    'validation_failed',
    error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; '),
    error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
  );

/** The one JSON error response. */
export const errorResponse = (c: Context, error: HttpError): Response => {
  for (const [k, v] of Object.entries(error.headers ?? {})) c.header(k, v);
  return c.json(errorBody(error), error.status);
};

/** The body of {@link errorResponse}. */
export const errorBody = (error: HttpError): { error: { code: string; message: string; details?: unknown } } => {
  const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  return { error: body };
};
