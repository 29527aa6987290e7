import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's default tolerance between the signature's timestamp and now. */
export const STRIPE_TOLERANCE_SECONDS = 300;

/**
 * The `Stripe-Signature` header Stripe would send for `payload`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" with the endpoint's signing secret>`.
 * The payload must be the exact bytes that are posted.
 * @param {string} payload
 * @param {string} signingSecret `whsec_…`
 * @param {number} [timestamp] Unix seconds (default: now)
 */
export function signStripePayload(payload, signingSecret, timestamp = Math.floor(Date.now() / 1000)) {
  if (!signingSecret) throw new TypeError('a signing secret (whsec_…) is required');
  const v1 = createHmac('sha256', signingSecret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Checks a `Stripe-Signature` header the way Stripe's libraries (and
 * twotier's webhook endpoint) do: any `v1` may match, and the timestamp must
 * be within the tolerance.
 * @param {string} payload
 * @param {string | null | undefined} header
 * @param {string} signingSecret
 * @param {{ toleranceSeconds?: number, now?: number }} [options]
 */
export function verifyStripeSignature(payload, header, signingSecret, options = {}) {
  const { toleranceSeconds = STRIPE_TOLERANCE_SECONDS, now = Math.floor(Date.now() / 1000) } = options;
  if (typeof header !== 'string' || !signingSecret) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(now - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', signingSecret).update(`${t}.${payload}`, 'utf8').digest('hex'));
  return parts
    .filter(([k, v]) => k === 'v1' && v)
    .some(([, v]) => {
      const given = Buffer.from(/** @type {string} */ (v));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
