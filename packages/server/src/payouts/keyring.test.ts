import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createPayoutKeyring, openPayout, parsePayoutKey, PayoutDecryptError, PayoutKeyError, sealPayout } from './keyring';

const key = () => randomBytes(32).toString('base64');

describe('payout keyring', () => {
  test('keys are 32 bytes of hex or base64; the id is stable and reveals nothing of the key', () => {
    const bytes = randomBytes(32);
    const a = parsePayoutKey(bytes.toString('hex'));
    const b = parsePayoutKey(bytes.toString('base64'));
    const c = parsePayoutKey(bytes.toString('base64url'));
    expect(a.id).toBe(b.id);
    expect(b.id).toBe(c.id);
    expect(a.id).toMatch(/^k[0-9a-f]{12}$/);
    expect(() => parsePayoutKey('too-short')).toThrow(PayoutKeyError);
    expect(() => parsePayoutKey(randomBytes(16).toString('hex'))).toThrow(PayoutKeyError);
  });

  test('seals and opens; the AAD binds the ciphertext to its row; a tampered byte fails', () => {
    const ring = createPayoutKeyring(key())!;
    const sealed = sealPayout(ring, '{"account":"13812345678"}', 'row-1');
    expect(sealed.ciphertext).not.toContain('13812345678');
    expect(openPayout(ring, sealed.ciphertext, 'row-1')).toBe('{"account":"13812345678"}');
    expect(() => openPayout(ring, sealed.ciphertext, 'row-2')).toThrow(PayoutDecryptError);
    const parts = sealed.ciphertext.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => openPayout(ring, [...parts.slice(0, 3), body.toString('base64url')].join('.'), 'row-1')).toThrow(PayoutDecryptError);
    // two seals of the same text differ (random IV)
    expect(sealPayout(ring, 'x', 'a').ciphertext).not.toBe(sealPayout(ring, 'x', 'a').ciphertext);
  });

  test('rotation: a new current key still opens what the old one sealed while the old one is kept', () => {
    const oldKey = key();
    const newKey = key();
    const before = createPayoutKeyring(oldKey)!;
    const sealed = sealPayout(before, 'secret', 'aad');
    const after = createPayoutKeyring(newKey, `${oldKey}, ${key()}`)!;
    expect(after.current.id).not.toBe(before.current.id);
    expect(openPayout(after, sealed.ciphertext, 'aad')).toBe('secret');
    expect(sealPayout(after, 'secret', 'aad').keyId).toBe(after.current.id);
    const without = createPayoutKeyring(newKey)!;
    expect(() => openPayout(without, sealed.ciphertext, 'aad')).toThrow(/not configured/);
  });
});
