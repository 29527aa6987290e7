import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { FIRST_RETRY_MS, GIVE_UP_AFTER_MS, MAX_RETRY_MS, nextAttemptAt } from './backoff';
import { signPayload, verifySignature } from './signature';

describe('Twotier-Signature', () => {
  test('t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> keyed with the whole whsec_ secret', () => {
    const header = signPayload('whsec_abc', '{"id":"evt_1"}', 1_767_225_600);
    const expected = createHmac('sha256', 'whsec_abc').update('1767225600.{"id":"evt_1"}').digest('hex');
    expect(header).toBe(`t=1767225600,v1=${expected}`);
  });

  test('verification: right secret and body within tolerance only', () => {
    const header = signPayload('whsec_abc', 'body', 1000);
    expect(verifySignature('whsec_abc', 'body', header, 1100)).toBe(true);
    expect(verifySignature('whsec_abc', 'body!', header, 1100)).toBe(false);
    expect(verifySignature('whsec_xyz', 'body', header, 1100)).toBe(false);
    expect(verifySignature('whsec_abc', 'body', header, 1301)).toBe(false);
    expect(verifySignature('whsec_abc', 'body', 'v1=abc', 1000)).toBe(false);
  });
});

describe('delivery backoff', () => {
  test('doubles from 10 s, caps at 6 h, and gives up only after three days', () => {
    const created = 0;
    expect(nextAttemptAt(created, 1, 0)).toBe(FIRST_RETRY_MS);
    expect(nextAttemptAt(created, 2, 0)).toBe(2 * FIRST_RETRY_MS);
    expect(nextAttemptAt(created, 40, 1000)).toBe(1000 + MAX_RETRY_MS);
    expect(nextAttemptAt(created, 5, GIVE_UP_AFTER_MS - 1)).not.toBeNull();
    expect(nextAttemptAt(created, 5, GIVE_UP_AFTER_MS)).toBeNull();
  });
});
