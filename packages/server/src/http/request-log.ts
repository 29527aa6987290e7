import type { Logger } from 'pino';

/** One answered request, as the request log records it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** `performance.now()` when the request came in. */
  started: number;
  /** The shop the request was for, once known. */
  shop: string | undefined;
}

/**
 * Writes the request log's line for an answered request: one JSON line with
 * the method, path, status, milliseconds (one decimal) and shop. Every
 * request's line is written here, by the Hono app's middleware and by the
 * Node click lane (http/click-lane.ts).
 */
export function logRequest(logger: Pick<Logger, 'info'>, entry: RequestLogEntry): void {
  logger.info({ method: entry.method, path: entry.path, status: entry.status, ms: Math.round((performance.now() - entry.started) * 10) / 10, shop: entry.shop });
}
