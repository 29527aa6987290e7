import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a base64 HMAC-SHA256 of the raw body, the scheme Shopify
 * (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`) both
 * use. The comparison is constant-time over the decoded digests; a missing,
 * malformed or wrong header is `false`.
 *
 * @example
 * verifyBase64Hmac(raw, c.req.header('x-shopify-hmac-sha256'), settings.secret)
 */
export function verifyBase64Hmac(rawBody: string, header: string | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const value = header.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return false;
  const given = Buffer.from(value, 'base64');
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signature a platform would send for `rawBody` (tests, and the docs' example). */
export const signBase64Hmac = (rawBody: string, secret: string): string => createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
