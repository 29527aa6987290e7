import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP } from '../../src/admin';
import { countSignInAttempt } from '../../src/admin/sign-in-attempts';
import { pruneSessions } from '../../src/background/prune-sessions';
import type { AppOptions, TwotierApp } from '../../src/app';
import type { Db } from '../../src/db';
import { nodeListener } from '../../src/http/click-lane';
import { MemoryRateLimiter } from '../../src/http/rate-limit';
import { createRedisRateLimiter } from '../../src/http/redis-rate-limit';
import { Clock, OPERATOR, createTestShop, makeApp, type DbFactory, type TestShop } from '../harness';

/** One answer over the socket, with how long it took. */
export interface SignInAnswer {
  status: number;
  text: string;
  retryAfter: string | undefined;
  contentType: string | undefined;
  ms: number;
}

/** `POST /v1/admin/session` over a real socket, from the loopback address `from` (each 127.x.y.z is its own client). */
export function signInOverSocket(base: string, body: object, from = '127.0.0.1'): Promise<SignInAnswer> {
  const u = new URL('/v1/admin/session', base);
  const payload = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, retryAfter: res.headers['retry-after'], contentType: res.headers['content-type'], ms: performance.now() - started }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const count = (answers: SignInAnswer[], status: number) => answers.filter((a) => a.status === status).length;

const REDIS_URL = process.env.TWOTIER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisReachable = () =>
  new Promise<boolean>((resolve) => {
    const u = new URL(REDIS_URL);
    const s = connect(Number(u.port || 6379), u.hostname);
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });

/**
 * Dashboard sign-in under attack, over real sockets, on one database kind:
 * attempts are counted before any password is checked, every refusal looks
 * the same, and the per-IP limit keeps one address from locking anyone out.
 */
export function adminSignInSuite(factory: () => DbFactory): void {
  const f = factory();
  let db: Db;
  let shop: TestShop;
  const clock = new Clock();
  const password = 'correct horse battery';
  const servers: { server: Server; app: TwotierApp }[] = [];

  /** An app over the shared database, listening on 127.0.0.1. */
  const serve = async (extra: Partial<AppOptions> = {}): Promise<{ app: TwotierApp; base: string }> => {
    const app = makeApp(db, clock, extra);
    const server = createServer(nodeListener(app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ server, app });
    return { app, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const createAdmin = async (app: TwotierApp, email: string) => {
    const res = await app.request('/v1/admin-users', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: shop.id, email, password }),
    });
    expect(res.status).toBe(201);
  };
  const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}@lanxi.example`;

  beforeAll(async () => {
    db = await f.open();
    shop = await createTestShop(makeApp(db, clock));
  });
  afterAll(async () => {
    for (const { server, app } of servers) {
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await app.close();
    }
    await db.close();
    await f.cleanup();
  });

  describe('per email, counted before the password is checked (no rate limiter: the database alone)', () => {
    // a smaller allowance than the default keeps the number of scrypt runs (~0.1 s each) down
    const ACCOUNT = { limit: 5, windowMs: SIGN_IN_PER_ACCOUNT.windowMs };
    let base: string;
    let app: TwotierApp;
    beforeAll(async () => {
      ({ app, base } = await serve({ rateLimits: { adminSignInPerAccount: ACCOUNT } }));
    });

    it('200 concurrent attempts, 199 wrong and the right one last: at most the allowance checks a password, and the right one is refused like the rest', async () => {
      const email = unique('race');
      await createAdmin(app, email);
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => signInOverSocket(base, { email, password: i === 199 ? password : `wrong password ${i}` })));
      const right = answers[199]!;
      const refused = answers.filter((a) => a.status === 429);
      expect(answers.every((a) => [201, 401, 429].includes(a.status)), answers.map((a) => a.status).join(' ')).toBe(true);
      // one refusal for all: same status, body and Retry-After (the test clock stands still)
      expect(new Set(refused.map((a) => `${a.text}|${a.retryAfter}`)).size).toBe(1);
      if (right.status === 201) {
        // the right password happened to be counted within the allowance: it succeeds, and its success opens a new window
        expect(count(answers, 401)).toBeLessThanOrEqual(2 * ACCOUNT.limit);
      } else {
        expect(count(answers, 401), 'wrong passwords checked').toBeLessThanOrEqual(ACCOUNT.limit);
        expect(right.status).toBe(429);
        expect(right.text).toBe(refused[0]!.text);
        expect(JSON.parse(right.text)).toEqual({ error: { code: 'rate_limited', message: expect.any(String), details: { retryAfter: Number(right.retryAfter) } } });
      }
      clock.ms += SIGN_IN_PER_ACCOUNT.windowMs;
      expect((await signInOverSocket(base, { email, password })).status).toBe(201);
    }, 120_000);

    it('over the allowance, right and wrong passwords, known and unknown emails get the same answer; the window ends and the right password works', async () => {
      const known = unique('owner');
      const unknown = unique('nobody');
      await createAdmin(app, known);
      for (let i = 0; i < ACCOUNT.limit; i++) {
        expect((await signInOverSocket(base, { email: known, password: `wrong password ${i}` })).status).toBe(401);
        expect((await signInOverSocket(base, { email: unknown, password: `wrong password ${i}` })).status).toBe(401);
      }
      const answers = {
        'known, right password': await signInOverSocket(base, { email: known, password }),
        'known, wrong password': await signInOverSocket(base, { email: known, password: 'still wrong!!' }),
        'known, with its shop': await signInOverSocket(base, { email: known.toUpperCase(), password, shopId: shop.id }),
        'unknown, any password': await signInOverSocket(base, { email: unknown, password }),
      };
      const first = answers['known, right password'];
      expect(first.status).toBe(429);
      expect(Number(first.retryAfter)).toBeGreaterThan(0);
      expect(Number(first.retryAfter)).toBeLessThanOrEqual(SIGN_IN_PER_ACCOUNT.windowMs / 1000);
      for (const [name, a] of Object.entries(answers)) expect({ name, status: a.status, text: a.text, retryAfter: a.retryAfter, type: a.contentType }).toEqual({ name, status: 429, text: first.text, retryAfter: first.retryAfter, type: first.contentType });
      expect(first.text).not.toMatch(/lock/i);
      clock.ms += SIGN_IN_PER_ACCOUNT.windowMs;
      expect((await signInOverSocket(base, { email: known, password })).status).toBe(201);
      expect((await signInOverSocket(base, { email: unknown, password })).status).toBe(401);
    }, 120_000);

    it('a success starts the count afresh', async () => {
      const email = unique('typo');
      await createAdmin(app, email);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < ACCOUNT.limit - 1; i++) expect((await signInOverSocket(base, { email, password: 'mistyped password' })).status).toBe(401);
        expect((await signInOverSocket(base, { email, password })).status).toBe(201);
      }
    }, 120_000);

    it('an unknown email takes about as long as a known one with a wrong password (scrypt runs for both)', async () => {
      // an allowance that every attempt here stays within: each one checks a password
      const timed = await serve({ rateLimits: { adminSignInPerAccount: { limit: 100, windowMs: SIGN_IN_PER_ACCOUNT.windowMs } } });
      const known = unique('timed');
      await createAdmin(timed.app, known);
      const knownMs: number[] = [];
      const unknownMs: number[] = [];
      const measure = async (into: number[], email: string, i: number) => {
        const a = await signInOverSocket(timed.base, { email, password: `wrong password ${i}` });
        expect(a.status).toBe(401);
        into.push(a.ms);
      };
      const knownTry = (i: number) => measure(knownMs, known, i);
      const unknownTry = (i: number) => measure(unknownMs, unique('ghost'), i);
      // taking turns at going first, so whatever the second of a pair pays falls on both
      for (let i = 0; i < 10; i++) {
        if (i % 2) await unknownTry(i).then(() => knownTry(i));
        else await knownTry(i).then(() => unknownTry(i));
      }
      const ratio = median(unknownMs) / median(knownMs);
      expect(ratio, `unknown ${median(unknownMs).toFixed(1)} ms, known ${median(knownMs).toFixed(1)} ms`).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    }, 120_000);
  });

  it('ended windows are deleted with expired sessions', async () => {
    await countSignInAttempt(db, unique('passing'), clock.ms, SIGN_IN_PER_ACCOUNT);
    const rows = () => db.kysely.selectFrom('admin_sign_in_attempts').select('window_ends_at').execute();
    expect((await rows()).length).toBeGreaterThan(0);
    await pruneSessions(db, clock.ms + SIGN_IN_PER_ACCOUNT.windowMs);
    expect((await rows()).filter((r) => Number(r.window_ends_at) <= clock.ms + SIGN_IN_PER_ACCOUNT.windowMs)).toEqual([]);
  });

  describe('per IP', () => {
    it('with the default limits one address cannot lock an owner out: it spends its own allowance (over every email), then gets 429 with Retry-After', async () => {
      expect(SIGN_IN_PER_IP.limit).toBeLessThan(SIGN_IN_PER_ACCOUNT.limit);
      const { app, base } = await serve({ rateLimiter: new MemoryRateLimiter(() => clock.ms) });
      const owner = unique('target');
      await createAdmin(app, owner);
      const attacker = '127.0.14.66';
      const tries: SignInAnswer[] = [];
      for (let i = 0; i < SIGN_IN_PER_IP.limit + 4; i++) tries.push(await signInOverSocket(base, { email: i < SIGN_IN_PER_IP.limit ? owner : unique('spray'), password: `guess number ${i}` }, attacker));
      expect(tries.slice(0, SIGN_IN_PER_IP.limit).map((a) => a.status)).toEqual(Array(SIGN_IN_PER_IP.limit).fill(401));
      for (const a of tries.slice(SIGN_IN_PER_IP.limit)) {
        expect(a.status).toBe(429);
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
        expect(JSON.parse(a.text).error).toMatchObject({ code: 'rate_limited', details: { retryAfter: Number(a.retryAfter) } });
      }
      // the attacker's address is spent; the owner's account is not
      expect((await signInOverSocket(base, { email: owner, password }, attacker)).status).toBe(429);
      expect((await signInOverSocket(base, { email: owner, password }, '127.0.14.7')).status).toBe(201);
      clock.ms += SIGN_IN_PER_IP.windowMs;
      expect((await signInOverSocket(base, { email: owner, password }, attacker)).status).toBe(201);
    }, 120_000);

    it('with REDIS_URL the per-IP limit holds across two server processes', async (ctx) => {
      const prefix = `twotier:test:${randomBytes(4).toString('hex')}:`;
      const limiters = [createRedisRateLimiter({ url: REDIS_URL, prefix, timeoutMs: 1000 }), createRedisRateLimiter({ url: REDIS_URL, prefix, timeoutMs: 1000 })];
      try {
        if (!(await redisReachable()) && !process.env.CI) ctx.skip();
        const [a, b] = [await serve({ rateLimiter: limiters[0]! }), await serve({ rateLimiter: limiters[1]! })];
        const from = '127.0.14.99';
        const statuses: number[] = [];
        for (let i = 0; i < 2 * SIGN_IN_PER_IP.limit; i++) statuses.push((await signInOverSocket((i % 2 ? a : b).base, { email: unique('spread'), password: 'guess guess' }, from)).status);
        expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_PER_IP.limit);
        expect(statuses.slice(SIGN_IN_PER_IP.limit).every((s) => s === 429)).toBe(true);
      } finally {
        await Promise.all(limiters.map((l) => l.close()));
      }
    }, 120_000);
  });
}
