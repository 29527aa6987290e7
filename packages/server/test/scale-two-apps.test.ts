import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { MemoryRateLimiter, type RateLimiter } from '../src/http/rate-limit';
import { createRedisRateLimiter, type RedisRateLimiter } from '../src/http/redis-rate-limit';
import { Clock, OPERATOR, ORIGIN, PG_URL, createTestShop, makeApp, postgresFactory, postgresReachable, uid, type DbFactory } from './harness';
import { expectSingleServerResults, expectedOutcome, runLedgerScenario, type Send } from './scale/scenario';

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: two-server tests SKIPPED !!!\n`);

const sender =
  (apps: TwotierApp[]): Send =>
  async (target, method, path, auth, body) => {
    const res = await apps[target]!.request(path, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

describe.skipIf(!reachable && !process.env.CI)('two servers on one PostgreSQL database behave as one', () => {
  let factory: DbFactory;
  const dbs: Db[] = [];
  const apps: TwotierApp[] = [];
  const clock = new Clock();
  beforeAll(async () => {
    factory = postgresFactory();
    for (let i = 0; i < 2; i++) dbs.push(await factory.open());
    for (const db of dbs) apps.push(makeApp(db, clock));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const db of dbs) await db.close();
    await factory?.cleanup();
  });

  test('the same orders, refunds and withdrawals posted to both at once give the single-server results', async () => {
    const single = await runLedgerScenario(sender(apps.slice(0, 1)), 1, OPERATOR);
    const double = await runLedgerScenario(sender(apps), 2, OPERATOR);
    for (const outcome of [single, double]) expectSingleServerResults(outcome);
    expect(double.balances).toEqual(single.balances);
    const rows = await dbs[0]!.kysely.selectFrom('commissions').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(2 * expectedOutcome().orders.commissionIds);
  });

  const clicksThrough = async (limiters: RateLimiter[], sent: number) => {
    const limited = dbs.map((db, i) => makeApp(db, clock, { rateLimiter: limiters[i]!, rateLimits: { perIp: { limit: 10, windowMs: 60_000 } } }));
    const shop = await createTestShop(limited[0]!);
    const statuses = await Promise.all(
      Array.from({ length: sent }, (_, i) =>
        Promise.resolve(limited[i % 2]!.request('/v1/track/click', {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'text/plain' },
          body: JSON.stringify({ key: shop.pk, code: 'c1', visitorId: uid('v'), eventId: uid('e'), url: 'https://shop.example/' }),
        })).then((r) => r.status),
      ),
    );
    await Promise.all(limited.map((a) => a.close()));
    return statuses;
  };

  test('with REDIS_URL the per-IP limit holds across both servers', async () => {
    const prefix = `twotier:test:${randomBytes(4).toString('hex')}:`;
    const url = process.env.TWOTIER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const limiters: RedisRateLimiter[] = [createRedisRateLimiter({ url, prefix }), createRedisRateLimiter({ url, prefix })];
    try {
      const statuses = await clicksThrough(limiters, 30);
      expect(statuses.filter((s) => s === 202)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    } finally {
      await Promise.all(limiters.map((l) => l.close()));
    }
  });

  test('without Redis each process counts its own window (documented): twice the limit gets through two servers', async () => {
    const statuses = await clicksThrough([new MemoryRateLimiter(), new MemoryRateLimiter()], 30);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
  });
});
