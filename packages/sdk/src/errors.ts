/**
 * The one error the client throws: the server's `{ error: { code, message, details? } }`
 * with the HTTP status, or a transport failure (`status: 0`).
 */
export class TwotierApiError extends Error {
  override name = 'TwotierApiError';
  /** HTTP status; `0` when no response arrived (network failure or timeout). */
  readonly status: number;
  /** Machine-readable code from the server (`validation_failed`, `conflict`, …), or `network_error` / `timeout`. */
  readonly code: string;
  /** Extra detail from the server, e.g. the fields that failed validation. */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Whether `error` is a {@link TwotierApiError}, optionally with the given `code`. */
export const isTwotierApiError = (error: unknown, code?: string): error is TwotierApiError =>
  error instanceof TwotierApiError && (code === undefined || error.code === code);

const codeForStatus = (status: number): string =>
  ({ 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 422: 'invalid', 429: 'rate_limited' })[status] ??
  (status >= 500 ? 'server_error' : 'http_error');

/**
 * Builds a {@link TwotierApiError} from a response status and its parsed body,
 * falling back to a code derived from the status when the body is not the API's error shape.
 */
export function toApiError(status: number, body: unknown, fallbackMessage: string): TwotierApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') {
    return new TwotierApiError(status, err.code, err.message, err.details);
  }
  const message = typeof body === 'string' && body.length > 0 && body.length < 500 ? body : fallbackMessage;
  return new TwotierApiError(status, codeForStatus(status), message);
}
