import { createHmac } from 'node:crypto';
import { deriveIdentityKey, signIdentityToken as signLegacyIdentityToken } from '@twotier/core';
import { signIdentityToken } from '@twotier/sdk/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Clock, browser, createTestShop, makeApp, sqliteFactory, type DbFactory, type TestShop } from './harness';
import type { Db } from '../src/db';
import type { TwotierApp } from '../src/app';

// Identity tokens are standard JWTs (HS256) a shop backend in any language can sign;
// the original two-part format existing shops sign stays accepted.
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Signs a JWT the way a PHP, Python or Go JWT library does: no SDK, only HMAC-SHA256. */
function signByHand(key: string, payload: object, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

describe('identity tokens as JWT (HS256)', () => {
  let factory: DbFactory;
  let db: Db;
  let app: TwotierApp;
  let shop: TestShop;
  let key: string;
  const clock = new Clock();
  const now = () => Math.floor(clock.ms / 1000);
  const session = (identityToken: string) => browser(app, 'POST', '/v1/sessions', { key: shop.pk, identityToken });
  const refusedWith = async (identityToken: string, code: string) => {
    const res = await session(identityToken);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain(`(${code})`);
  };

  beforeAll(async () => {
    factory = sqliteFactory();
    db = await factory.open();
    app = makeApp(db, clock);
    shop = await createTestShop(app);
    // What docs/backend.md tells a backend to compute once: hex(HMAC-SHA256(secretKey, "twotier-identity-v1")).
    key = createHmac('sha256', shop.sk).update('twotier-identity-v1').digest('hex');
    expect(key).toBe(await deriveIdentityKey(shop.sk));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await factory?.cleanup();
  });

  test('the sdk signs a standard JWT (HS256, sub = userId) that opens a session', async () => {
    const token = await signIdentityToken(shop.sk, { userId: 'u-jwt', email: 'jwt@example.com', name: 'Jia', exp: now() + 600 });
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(token.split('.')).toHaveLength(3);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ userId: 'u-jwt', sub: 'u-jwt', email: 'jwt@example.com', name: 'Jia', exp: now() + 600 });
    const res = await session(token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ session: expect.stringMatching(/^ses_/), user: { userId: 'u-jwt', email: 'jwt@example.com', name: 'Jia' } });
  });

  test('a JWT signed by hand with HMAC-SHA256, as any language\'s JWT library does, opens a session (sub alone names the user)', async () => {
    const res = await session(signByHand(key, { sub: 'u-php', name: 'From PHP', exp: now() + 300, iat: now() }));
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ userId: 'u-php', name: 'From PHP' });
  });

  test('the original two-part token still opens a session', async () => {
    const legacy = await signLegacyIdentityToken(shop.sk, { userId: 'u-old', exp: now() + 600 });
    expect(legacy.split('.')).toHaveLength(2);
    const res = await session(legacy);
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ userId: 'u-old' });
    await refusedWith(await signLegacyIdentityToken(shop.sk, { userId: 'u-old', exp: now() - 1 }), 'expired');
  });

  test('expired, tampered, wrong-key, alg=none, other algorithms, conflicting users, no exp and exp too far are refused with 401', async () => {
    await refusedWith(await signIdentityToken(shop.sk, { userId: 'u1', exp: now() - 1 }), 'expired');
    await refusedWith(await signIdentityToken(shop.sk, { userId: 'u1', exp: now() }), 'expired');

    const good = await signIdentityToken(shop.sk, { userId: 'u1', exp: now() + 600 });
    const [h, , s] = good.split('.');
    await refusedWith(`${h}.${b64url(JSON.stringify({ userId: 'admin', sub: 'admin', exp: now() + 600 }))}.${s}`, 'bad_signature');
    await refusedWith(`${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`, 'bad_signature');

    const other = await createTestShop(app);
    await refusedWith(await signIdentityToken(other.sk, { userId: 'u1', exp: now() + 600 }), 'bad_signature');
    await refusedWith(signByHand(shop.sk, { sub: 'u1', exp: now() + 600 }), 'bad_signature'); // the secret key itself is not the HMAC key

    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'u1', exp: now() + 600 }))}.`;
    await refusedWith(none, 'bad_signature');
    const hs512 = `${b64url(JSON.stringify({ alg: 'HS512' }))}.${b64url(JSON.stringify({ sub: 'u1', exp: now() + 600 }))}`;
    await refusedWith(`${hs512}.${createHmac('sha512', key).update(hs512).digest('base64url')}`, 'bad_signature');

    await refusedWith(signByHand(key, { userId: 'u1', sub: 'u2', exp: now() + 600 }), 'malformed');
    await refusedWith(signByHand(key, { sub: 'u1' }), 'malformed');
    await refusedWith(signByHand(key, { sub: 'u1', exp: now() + 86_400 + 60 }), 'exp_too_far');
    await refusedWith(signByHand(key, { sub: 42, exp: now() + 600 }), 'malformed');
    await refusedWith('a.b.c.d', 'malformed');
    await refusedWith('not-a-token', 'malformed');
  });

  test('claims the distributor schema refuses are 422, as with the original format', async () => {
    const res = await session(signByHand(key, { sub: 'u-bell', name: 'Bell\u0007', exp: now() + 600 }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_identity_claims');
  });
});
