import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwotierApp } from '../src/app';
import { openDatabase, type Db } from '../src/db';
import { reportReader } from '../src/db/read-replica';
import { Clock, createTestShop, makeApp, secret, uid } from './harness';
import { postgresBinDir, startReplicatedPostgres, type ReplicatedPostgres } from './pg-replica';

const bin = postgresBinDir();
if (!bin) {
  if (process.env.CI) throw new Error('read-replica.test: initdb and pg_basebackup are missing (/usr/lib/postgresql/*/bin): install postgresql');
  console.warn('\n*** read-replica.test SKIPPED: no initdb/pg_basebackup under /usr/lib/postgresql/*/bin (it fails in CI) ***\n');
}

/** Waits until the replica has replayed everything the primary has written so far; returns how long that took. */
async function caughtUp(primary: pg.Client, replica: pg.Client, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  const { rows } = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  for (;;) {
    const r = await replica.query<{ behind: boolean }>('select pg_last_wal_replay_lsn() < $1::pg_lsn as behind', [rows[0]!.lsn]);
    if (!r.rows[0]!.behind) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error('the replica did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const order = (id: string, referralCode: string, quantity: number) => ({ id, currency: 'CNY', referralCode, items: [{ sku: 'tea-longjing', quantity, unitPrice: 10_000 }] });

describe.skipIf(!bin)('DATABASE_READ_URL: reports from a streaming replica', () => {
  let cluster: ReplicatedPostgres;
  let db: Db;
  let app: TwotierApp;
  let primary: pg.Client;
  let replica: pg.Client;

  beforeAll(async () => {
    cluster = await startReplicatedPostgres(bin!);
    primary = new pg.Client({ connectionString: cluster.primaryUrl });
    replica = new pg.Client({ connectionString: cluster.replicaUrl });
    await primary.connect();
    await replica.connect();
    db = await openDatabase({ url: cluster.primaryUrl, readUrl: cluster.replicaUrl, poolSize: 5 });
    app = makeApp(db, new Clock());
    // the migrations reach the replica by replication, like every other write
    await caughtUp(primary, replica);
  }, 60_000);

  afterAll(async () => {
    await replica?.query('select pg_wal_replay_resume()').catch(() => undefined);
    await app?.close();
    await db?.close();
    await primary?.end().catch(() => undefined);
    await replica?.end().catch(() => undefined);
    cluster?.destroy();
  });

  it('the replica is a real standby, and reports read it', async () => {
    expect((await replica.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]!.r).toBe(true);
    expect((await primary.query<{ n: string }>('select count(*)::text as n from pg_stat_replication')).rows[0]!.n).toBe('1');
    expect(reportReader(db)).toBe(db.reads);
    expect(db.description).toContain('reports from');
    await expect(db.reads!.insertInto('shops').values({ id: 'x', name: 'x', currency: 'CNY', currencies: null, allowed_origins: '[]', publishable_key: 'x', secret_hash: 'x', identity_key: 'x', program: '{}', created_at: 0 }).execute()).rejects.toThrow(
      /read-only transaction/,
    );
  });

  it('a report may lag; a balance check, a withdrawal and an idempotent replay never do', async () => {
    const shop = await createTestShop(app, { levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 }, holdDays: 0, minWithdrawal: 100 });
    const d = (await secret(app, shop, 'POST', '/v1/distributors', { name: 'Wang Fang', code: uid('d') })).body;
    const first = await secret(app, shop, 'POST', '/v1/orders', order(uid('o'), d.code, 3));
    expect(first.status).toBe(201);
    expect((await secret(app, shop, 'POST', '/v1/settlements')).body.settled).toBe(1);
    const lagMs = await caughtUp(primary, replica);
    console.log(`read-replica.test: replica caught up ${lagMs.toFixed(1)} ms after the settlement committed`);
    const stats = await secret(app, shop, 'GET', '/v1/stats?groupBy=distributor');
    expect(stats.body.rows).toEqual([{ key: d.id, orders: 1, sales: 30_000, commissions: 3000 }]);

    // the replica stops replaying: it lags by everything written from now on
    await replica.query('select pg_wal_replay_pause()');
    const secondId = uid('o');
    const second = await secret(app, shop, 'POST', '/v1/orders', order(secondId, d.code, 5));
    expect(second.status).toBe(201);
    expect((await secret(app, shop, 'POST', '/v1/settlements')).body.settled).toBe(1);

    // the report lags: it was read on the replica, which has not seen the second order
    const lagging = await secret(app, shop, 'GET', '/v1/stats?groupBy=distributor');
    expect(lagging.status).toBe(200);
    expect(lagging.body.rows).toEqual([{ key: d.id, orders: 1, sales: 30_000, commissions: 3000 }]);

    // the balance is read on the primary: 3000 + 5000 available, which the replica does not know of
    const balance = await secret(app, shop, 'GET', `/v1/distributors/${d.id}/balance`);
    expect(balance.body).toMatchObject({ available: 8000 });
    const { rows: onReplica } = await replica.query<{ total: string }>(`select coalesce(sum(amount), 0)::text as total from ledger_entries where distributor_id = $1 and bucket = 'available'`, [d.id]);
    expect(onReplica[0]!.total).toBe('3000');
    // a withdrawal checked against the replica would be refused; on the primary all 8000 may go
    const withdrawal = await secret(app, shop, 'POST', '/v1/withdrawals', { distributorId: d.id, amount: 8000 });
    expect(withdrawal.status).toBe(201);
    expect((await secret(app, shop, 'POST', '/v1/withdrawals', { distributorId: d.id, amount: 100 })).status).toBe(409);

    // the replay of the second order is found on the primary: the same answer, no second commission
    const replay = await secret(app, shop, 'POST', '/v1/orders', order(secondId, d.code, 5));
    expect(replay.status).toBeLessThan(300);
    expect(replay.body.id ?? replay.body.order?.id).toBe(second.body.id ?? second.body.order?.id);
    expect((await secret(app, shop, 'GET', `/v1/distributors/${d.id}/balance`)).body).toMatchObject({ available: 0, inWithdrawal: 8000 });

    // replay resumes: the report catches up
    await replica.query('select pg_wal_replay_resume()');
    await caughtUp(primary, replica);
    const fresh = await secret(app, shop, 'GET', '/v1/stats?groupBy=distributor');
    expect(fresh.body.rows).toEqual([{ key: d.id, orders: 2, sales: 80_000, commissions: 8000 }]);
  }, 30_000);

  it('with the replica down, the reports fail and everything else goes on', async () => {
    const shop = await createTestShop(app, { levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 }, holdDays: 0, minWithdrawal: 100 });
    const d = (await secret(app, shop, 'POST', '/v1/distributors', { name: 'Li Na', code: uid('d') })).body;
    await replica.end().catch(() => undefined);
    cluster.stopReplica();
    // a database away answers 503 unavailable with Retry-After (docs/reliability.md), the replica too
    const res = await app.request('/v1/stats?groupBy=distributor', { headers: { authorization: `Bearer ${shop.sk}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    // the dashboard's Overview and Compliance read the replica too (they only read rollups, which may lag)
    for (const report of ['/v1/admin/reports/overview', '/v1/admin/reports/compliance']) {
      expect((await app.request(report, { headers: { authorization: `Bearer ${shop.sk}` } })).status).toBe(503);
    }
    expect((await secret(app, shop, 'POST', '/v1/orders', order(uid('o'), d.code, 1))).status).toBe(201);
    const balance = await secret(app, shop, 'GET', `/v1/distributors/${d.id}/balance`);
    expect(balance.status).toBe(200);
    expect(balance.body.pending + balance.body.available).toBe(1000);
    expect((await app.request('/healthz')).status).toBe(200);
  }, 30_000);
});
