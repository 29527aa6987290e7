import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { signBase64Hmac, verifyBase64Hmac } from './verify-hmac';

describe('verifyBase64Hmac', () => {
  const body = '{"id":820982911946154508,"total_price":"199.00"}';
  const secret = 'shpss_test_secret';
  const good = createHmac('sha256', secret).update(body).digest('base64');

  test('accepts the base64 HMAC-SHA256 of the raw body, and only that', () => {
    expect(signBase64Hmac(body, secret)).toBe(good);
    expect(verifyBase64Hmac(body, good, secret)).toBe(true);
    expect(verifyBase64Hmac(body, ` ${good} `, secret)).toBe(true);
    expect(verifyBase64Hmac(body + ' ', good, secret)).toBe(false);
    expect(verifyBase64Hmac(body, good, 'other')).toBe(false);
    expect(verifyBase64Hmac(body, undefined, secret)).toBe(false);
    expect(verifyBase64Hmac(body, '', secret)).toBe(false);
    expect(verifyBase64Hmac(body, createHmac('sha256', secret).update(body).digest('hex'), secret)).toBe(false);
    expect(verifyBase64Hmac(body, good, '')).toBe(false);
  });
});
