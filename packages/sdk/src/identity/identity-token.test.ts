import { createHmac } from 'node:crypto';
import { IdentityTokenError } from '@twotier/core';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, test } from 'vitest';
import { identityTokenKey, signIdentityToken } from './identity-token';

const SECRET = 'sk_test_identity_0001';

describe('signIdentityToken', () => {
  test('signs an HS256 JWT under the derived identity key, with sub = userId', async () => {
    const token = await signIdentityToken(SECRET, { userId: 'u1', email: 'mei@example.com', name: 'Mei', exp: 2_000_000_000 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const key = createHmac('sha256', SECRET).update('twotier-identity-v1').digest('hex');
    expect(new TextDecoder().decode(await identityTokenKey(SECRET))).toBe(key);
    const { payload } = await jwtVerify(token, new TextEncoder().encode(key), { algorithms: ['HS256'], currentDate: new Date(1_999_999_000_000) });
    expect(payload).toEqual({ userId: 'u1', sub: 'u1', email: 'mei@example.com', name: 'Mei', exp: 2_000_000_000 });
    await expect(jwtVerify(token, new TextEncoder().encode(SECRET), { currentDate: new Date(1_999_999_000_000) })).rejects.toThrow();
  });

  test('leaves out absent email and name', async () => {
    const token = await signIdentityToken(SECRET, { userId: 'u2', exp: 2_000_000_000 });
    const { payload } = await jwtVerify(token, await identityTokenKey(SECRET), { currentDate: new Date(1_999_999_000_000) });
    expect(Object.keys(payload).sort()).toEqual(['exp', 'sub', 'userId']);
  });

  test('refuses an empty or over-long userId and a fractional exp', async () => {
    await expect(signIdentityToken(SECRET, { userId: '', exp: 2_000_000_000 })).rejects.toBeInstanceOf(IdentityTokenError);
    await expect(signIdentityToken(SECRET, { userId: 'x'.repeat(129), exp: 2_000_000_000 })).rejects.toBeInstanceOf(IdentityTokenError);
    await expect(signIdentityToken(SECRET, { userId: 'u', exp: 1.5 })).rejects.toMatchObject({ code: 'malformed' });
  });
});
