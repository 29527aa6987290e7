import { hmacSha256, timingSafeEqual, toHex } from '@twotier/core';

/** The header twotier signs webhook deliveries with. */
export const WEBHOOK_SIGNATURE_HEADER = 'Twotier-Signature';

const decoder = new TextDecoder();
const text = (body: string | Uint8Array): string => (typeof body === 'string' ? body : decoder.decode(body));

/**
 * The `Twotier-Signature` value for `body` at Unix time `timestamp`:
 * `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` keyed with the endpoint's secret.
 */
export async function signWebhookPayload(body: string | Uint8Array, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): Promise<string> {
  const mac = toHex(await hmacSha256(secret, `${timestamp}.${text(body)}`));
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Whether a webhook delivery is genuine: one of the header's `v1` signatures is the HMAC of
 * `"t.body"` under `secret`, and `t` is within `toleranceSeconds` of now (replays are refused).
 * Pass the raw request body, exactly as received. Never throws for bad input; answers `false`.
 *
 * @example
 * const ok = await verifyWebhookSignature(await req.text(), req.headers.get('twotier-signature'), secret, 300);
 * if (!ok) return new Response('bad signature', { status: 400 });
 */
export async function verifyWebhookSignature(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  if (typeof header !== 'string' || typeof secret !== 'string' || secret.length === 0) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === 'v1' && v) signatures.push(v.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = toHex(await hmacSha256(secret, `${timestamp}.${text(body)}`));
  let ok = false;
  for (const s of signatures) ok = timingSafeEqual(expected, s) || ok;
  return ok;
}
