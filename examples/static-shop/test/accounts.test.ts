import { describe, expect, it } from 'vitest';
import { identityTokenKey } from '@twotier/sdk/server';
import { jwtVerify } from 'jose';

/** Reads an identity token as any JWT library does (HS256 under the shop's identity key). */
const verifyIdentityToken = async (token: string, secretKey: string) =>
  (await jwtVerify<{ userId: string; email?: string; name?: string; exp: number }>(token, await identityTokenKey(secretKey), { algorithms: ['HS256'] })).payload;
import { AccountError, SESSION_SECONDS, createAccounts, hashPassword, verifyPassword } from '../src/accounts.mjs';
import { createJsonStore } from '../src/json-store.mjs';
import { IDENTITY_TOKEN_SECONDS, createTwotierBridge } from '../src/twotier-bridge.mjs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECRET = 'sk_test_shop_secret_0001';

describe('accounts', () => {
  it('hashes passwords with scrypt and a fresh salt', async () => {
    const a = await hashPassword('green tea 123');
    const b = await hashPassword('green tea 123');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('green tea');
    expect(await verifyPassword('green tea 123', a)).toBe(true);
    expect(await verifyPassword('green tea 124', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$nope')).toBe(false);
  });

  it('signs up, logs in and keeps users in the JSON file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shop-')), 'users.json');
    const accounts = createAccounts(createJsonStore(file, () => ({ users: [] })));
    const user = await accounts.signUp({ email: ' Mei@Example.com ', name: 'Mei Lin', password: 'longjing-2026' });
    expect(user).toMatchObject({ email: 'mei@example.com', name: 'Mei Lin', admin: false });
    expect(user.id).toMatch(/^u_[A-Z2-9]{10}$/);
    expect((await accounts.logIn('MEI@example.com', 'longjing-2026')).id).toBe(user.id);
    await expect(accounts.logIn('mei@example.com', 'wrong-password')).rejects.toThrow('Wrong email or password.');
    await expect(accounts.logIn('nobody@example.com', 'longjing-2026')).rejects.toThrow('Wrong email or password.');
    await expect(accounts.signUp({ email: 'mei@example.com', name: 'Again', password: 'longjing-2026' })).rejects.toBeInstanceOf(AccountError);
    await expect(accounts.signUp({ email: 'not-an-email', name: 'X', password: 'longjing-2026' })).rejects.toThrow(/valid email/);
    await expect(accounts.signUp({ email: 'a@b.cn', name: 'X', password: 'short' })).rejects.toThrow(/8 characters/);
    await expect(accounts.signUp({ email: 'a@b.cn', name: ' ', password: 'longenough' })).rejects.toThrow(/name/);

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.users).toHaveLength(1);
    expect(JSON.stringify(saved)).not.toContain('longjing-2026');
    const reopened = createAccounts(createJsonStore(file, () => ({ users: [] })));
    expect((await reopened.logIn('mei@example.com', 'longjing-2026')).id).toBe(user.id);
  });

  it('opens sessions that expire and can be closed', async () => {
    let now = 1_000_000;
    const accounts = createAccounts(createJsonStore(undefined, () => ({ users: [] })), { now: () => now });
    const user = await accounts.signUp({ email: 'a@b.cn', name: 'A', password: 'password1' });
    const token = accounts.openSession(user);
    expect(accounts.userForSession(token)?.id).toBe(user.id);
    expect(accounts.userForSession('forged')).toBeNull();
    expect(accounts.userForSession(undefined)).toBeNull();
    now += SESSION_SECONDS * 1000;
    expect(accounts.userForSession(token)).toBeNull();
    const seeded = await accounts.signUp({ email: 'b@b.cn', name: 'B', password: 'password1', id: 'u_bob' });
    expect(seeded.id).toBe('u_bob');
    await expect(accounts.signUp({ email: 'c@b.cn', name: 'C', password: 'password1', id: 'u_bob' })).rejects.toThrow(/taken/);
    const second = accounts.openSession(user);
    accounts.closeSession(second);
    expect(accounts.userForSession(second)).toBeNull();
  });
});

describe('identity tokens', () => {
  it('are signed with the secret key and verify with the key twotier derives from it', async () => {
    const bridge = createTwotierBridge({ api: 'http://127.0.0.1:1', secretKey: SECRET });
    const before = Math.floor(Date.now() / 1000);
    const token = await bridge.identityToken({ id: 'u_ABC', email: 'mei@example.com', name: 'Mei Lin' });
    expect(token).toBeTypeOf('string');
    const claims = await verifyIdentityToken(token as string, SECRET);
    expect(claims).toMatchObject({ userId: 'u_ABC', email: 'mei@example.com', name: 'Mei Lin' });
    expect(claims.exp - before).toBeGreaterThanOrEqual(IDENTITY_TOKEN_SECONDS);
    expect(claims.exp - before).toBeLessThanOrEqual(IDENTITY_TOKEN_SECONDS + 2);
    expect(token).not.toContain(SECRET);
    await expect(verifyIdentityToken(token as string, 'sk_test_another_secret')).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('are not made without a secret key', async () => {
    const bridge = createTwotierBridge({ api: 'http://127.0.0.1:1' });
    expect(bridge.enabled).toBe(false);
    expect(await bridge.identityToken({ id: 'u', email: 'a@b.cn', name: 'A' })).toBeNull();
  });
});
