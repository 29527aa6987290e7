import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../src/db';
import { Clock, PG_URL, makeApp, postgresReachable } from './harness';
import { startTcpProxy } from './scale/tcp-proxy';

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: /healthz outage test SKIPPED !!!\n`);

describe.skipIf(!reachable && !process.env.CI)('/healthz follows the database', () => {
  const schema = `twotier_test_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  test('503 while PostgreSQL is unreachable, 200 again by itself once it is back', async () => {
    const target = new URL(PG_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(PG_URL);
    viaProxy.port = String(proxy.port);
    const db = await openDatabase({ url: viaProxy.toString(), pgSchema: schema, poolSize: 4 });
    const app = makeApp(db, new Clock());
    try {
      const up = await app.request('/healthz');
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ ok: true, database: 'postgres' });

      await proxy.cut();
      const down = await app.request('/healthz');
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, database: 'postgres', error: expect.any(String) });

      await proxy.restore();
      let status = 0;
      const deadline = Date.now() + 10_000;
      while (status !== 200 && Date.now() < deadline) {
        status = (await app.request('/healthz')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      await db.close();
      await proxy.close();
    }
  });

  test('SQLite answers healthy', async () => {
    const db = await openDatabase({ url: ':memory:' });
    const app = makeApp(db, new Clock());
    expect((await app.request('/healthz')).status).toBe(200);
    await db.close();
  });
});
