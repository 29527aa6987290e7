import { normalizeOrigin } from '@twotier/core/schema';

/**
 * Whether a request's `Origin` is one of `allowed` (normalised origins):
 * as browsers send it, at once; in its normal form otherwise (a client that
 * wrote `https://Shop.example:443`). The answer echoes the header as sent.
 */
export function isAllowedOrigin(allowed: { has(o: string): boolean } | readonly string[], origin: string): boolean {
  const has = (o: string) => ('has' in allowed ? allowed.has(o) : allowed.includes(o));
  if (has(origin)) return true;
  const normal = normalizeOrigin(origin);
  return normal !== null && normal !== origin && has(normal);
}
