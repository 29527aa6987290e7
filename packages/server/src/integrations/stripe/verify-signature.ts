import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../util/crypto';

/** How far a `Stripe-Signature` timestamp may be from now, seconds (Stripe's default). */
export const STRIPE_TOLERANCE_SECONDS = 300;

/** Why a signature was refused, or `null` when it is valid. */
export type StripeSignatureProblem = 'missing_header' | 'no_timestamp' | 'no_signature' | 'timestamp_outside_tolerance' | 'no_matching_signature';

/**
 * Verifies Stripe's webhook signature scheme: the header is
 * `t=<unix>,v1=<hex>[,v1=<hex>…]`; each `v1` may be an HMAC-SHA256 of
 * `"<t>.<raw body>"` keyed with the endpoint's signing secret (several
 * during a secret rotation; any one matching is enough). The timestamp
 * must be within `tolerance` seconds of now.
 */
export function verifyStripeSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  tolerance = STRIPE_TOLERANCE_SECONDS,
): StripeSignatureProblem | null {
  if (!header) return 'missing_header';
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) v1.push(value);
  }
  if (t === null) return 'no_timestamp';
  if (v1.length === 0) return 'no_signature';
  if (Math.abs(nowSeconds - t) > tolerance) return 'timestamp_outside_tolerance';
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest('hex');
  return v1.some((s) => constantTimeEqual(s, expected)) ? null : 'no_matching_signature';
}
