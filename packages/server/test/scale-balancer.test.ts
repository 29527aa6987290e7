import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../src/db';
import { OPERATOR, PG_URL, postgresFactory, postgresReachable, type DbFactory } from './harness';
import { startChildServer, type ChildServer } from './scale/child-server';
import { nginxAvailable, startNginx, type RunningNginx } from './scale/nginx';
import { expectSingleServerResults, runLedgerScenario, type Send } from './scale/scenario';

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: load-balancer test SKIPPED !!!\n`);
const haveNginx = nginxAvailable('two `twotier serve` behind nginx');

describe.skipIf((!reachable && !process.env.CI) || !haveNginx)('two `twotier serve` processes on one PostgreSQL schema behind nginx (docs/self-hosting.md)', () => {
  let factory: DbFactory;
  let db: Db;
  let servers: ChildServer[] = [];
  let nginx: RunningNginx;

  beforeAll(async () => {
    factory = postgresFactory();
    db = await factory.open(); // creates and migrates the schema once
    const env = { DATABASE_URL: factory.url, TWOTIER_OPERATOR_TOKEN: OPERATOR, TWOTIER_TRUST_PROXY: '1' };
    servers = await Promise.all([startChildServer(env), startChildServer(env)]);
    nginx = await startNginx(servers.map((s) => s.url));
  }, 90_000);
  afterAll(async () => {
    await nginx?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await db?.close();
    await factory?.cleanup();
  });

  const viaBalancer: Send = async (_target, method, path, auth, body) => {
    const res = await fetch(`${nginx.url}${path}`, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  test('the same orders, refunds and withdrawals posted concurrently through it give the single-server results', async () => {
    const outcome = await runLedgerScenario(viaBalancer, 2, OPERATOR);
    expectSingleServerResults(outcome);
    // both processes did part of the work
    for (const s of servers) expect(s.output()).toMatch(/"path":"\/v1\/orders","status":20[01]/);
  });

  test('with one process killed, nginx keeps answering from the other', async () => {
    await servers[1]!.kill();
    const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${nginx.url}/healthz`).then((r) => r.status)));
    expect(statuses).toEqual(Array(10).fill(200));
  });
});
