import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deriveIdentityKey, IdentityTokenError, signIdentityToken, verifyIdentityToken } from './token';
import { fromBase64Url, toBase64Url, toHex } from './base64url';
import { timingSafeEqual } from './hmac';

const sk = 'sk_test_0123456789abcdef';
const now = 1_800_000_000;

describe('identity tokens', () => {
  it('round-trips claims signed with the secret key and verified with the derived key', async () => {
    const token = await signIdentityToken(sk, { userId: 'u1', email: 'a@b.c', name: '小明', exp: now + 60 });
    const key = await deriveIdentityKey(sk);
    await expect(verifyIdentityToken(token, key, now)).resolves.toEqual({ userId: 'u1', email: 'a@b.c', name: '小明', exp: now + 60 });
  });

  it('derives a stable key that is not the secret itself', async () => {
    const a = await deriveIdentityKey(sk);
    expect(a).toBe(await deriveIdentityKey(sk));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain(sk);
    expect(await deriveIdentityKey('sk_other')).not.toBe(a);
  });

  it('refuses tokens signed with another secret', async () => {
    const token = await signIdentityToken('sk_other', { userId: 'u1', exp: now + 60 });
    await expect(verifyIdentityToken(token, await deriveIdentityKey(sk), now)).rejects.toMatchObject({ code: 'bad_signature' });
  });

  it('refuses expired tokens', async () => {
    const token = await signIdentityToken(sk, { userId: 'u1', exp: now });
    await expect(verifyIdentityToken(token, await deriveIdentityKey(sk), now)).rejects.toMatchObject({ code: 'expired' });
  });

  it('refuses tokens whose exp is more than a day ahead (or the limit given)', async () => {
    const key = await deriveIdentityKey(sk);
    const at = async (exp: number, options?: { maxLifetimeSeconds: number }) => verifyIdentityToken(await signIdentityToken(sk, { userId: 'u1', exp }), key, now, options);
    await expect(at(now + 86_400)).resolves.toMatchObject({ exp: now + 86_400 });
    await expect(at(now + 86_401)).rejects.toMatchObject({ code: 'exp_too_far' });
    await expect(at(Number.MAX_SAFE_INTEGER)).rejects.toMatchObject({ code: 'exp_too_far' });
    await expect(at(now + 600, { maxLifetimeSeconds: 300 })).rejects.toMatchObject({ code: 'exp_too_far' });
    await expect(at(now + 300, { maxLifetimeSeconds: 300 })).resolves.toMatchObject({ userId: 'u1' });
    // the signer refuses a userId the server would refuse as an externalId (at most 128 characters)
    await expect(signIdentityToken(sk, { userId: 'u'.repeat(129), exp: now + 60 })).rejects.toMatchObject({ code: 'malformed' });
  });

  it('refuses a payload changed after signing', async () => {
    const key = await deriveIdentityKey(sk);
    const token = await signIdentityToken(sk, { userId: 'u1', exp: now + 60 });
    const [, sig] = token.split('.');
    const forged = `${toBase64Url(new TextEncoder().encode(JSON.stringify({ userId: 'admin', exp: now + 60 })))}.${sig}`;
    await expect(verifyIdentityToken(forged, key, now)).rejects.toBeInstanceOf(IdentityTokenError);
  });

  it('refuses malformed tokens and claims', async () => {
    const key = await deriveIdentityKey(sk);
    for (const bad of ['', 'a', 'a.b.c', 'x'.repeat(5000)]) {
      await expect(verifyIdentityToken(bad, key, now)).rejects.toMatchObject({ code: 'malformed' });
    }
    // A correctly signed payload that is not claims.
    const { hmacSha256 } = await import('./hmac');
    const payload = toBase64Url(new TextEncoder().encode('[1,2]'));
    const sig = toBase64Url(await hmacSha256(key, payload));
    await expect(verifyIdentityToken(`${payload}.${sig}`, key, now)).rejects.toMatchObject({ code: 'malformed' });
    const notJson = toBase64Url(new TextEncoder().encode('{nope'));
    const sig2 = toBase64Url(await hmacSha256(key, notJson));
    await expect(verifyIdentityToken(`${notJson}.${sig2}`, key, now)).rejects.toMatchObject({ code: 'malformed' });
    await expect(signIdentityToken(sk, { userId: '', exp: now })).rejects.toMatchObject({ code: 'malformed' });
    await expect(signIdentityToken(sk, { userId: 'u', exp: 1.5 })).rejects.toMatchObject({ code: 'malformed' });
  });

  it('base64url round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects non-base64url text and encodes hex', () => {
    expect(fromBase64Url('a+b')).toBeNull();
    expect(fromBase64Url('a')).toBeNull();
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
  });

  it('compares in constant shape', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
  });
});
