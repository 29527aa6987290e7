import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../util/crypto';

/**
 * The `Twotier-Signature` header of a delivery: `t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>">`, keyed with the endpoint's whole `whsec_…`
 * secret. Receivers recompute it and reject old timestamps.
 *
 * @example
 * signPayload('whsec_abc', '{"id":"evt_1"}', 1767225600); // 't=1767225600,v1=5f…'
 */
export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** Checks a `Twotier-Signature` header against `body` (for receivers and tests); `toleranceSeconds` bounds its age. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = signPayload(secret, body, t).split('v1=')[1] ?? '';
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && constantTimeEqual(v, expected));
}
