import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { killStartedServers, startServe } from './serve-bin';

const OPERATOR = 'op-token-for-kill-test';
const ORIGIN = 'https://shop.example';
const file = join(tmpdir(), `twotier-kill-${randomBytes(6).toString('hex')}.db`);
afterAll(() => {
  killStartedServers();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
});

/**
 * Starts `twotier serve` on the SQLite file, as an operator does; the PID it returns is the one
 * a supervisor would kill. Each load worker sends from its own client IP (through
 * TWOTIER_TRUST_PROXY), so the per-IP limit of the browser endpoints does not refuse the load.
 */
const startChild = () =>
  startServe(['--port', '0', '--db', file], { DATABASE_URL: '', TWOTIER_OPERATOR_TOKEN: OPERATOR, TWOTIER_TRUST_PROXY: '1' });

const id = () => randomBytes(8).toString('hex');

describe('`twotier serve` killed -9 mid-load (SQLite, real socket)', () => {
  test('every request answered 2xx is in the database after a restart, nothing twice, integrity ok', async () => {
    const first = await startChild();
    const post = (url: string, path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    let clients = 0;
    const shop = (await (await post(first.url, '/v1/shops', { name: 'Kill', currency: 'CNY', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` })).json()) as any;
    const sk = { authorization: `Bearer ${shop.secretKey}` };
    const parent = (await (await post(first.url, '/v1/distributors', { name: 'Parent', code: 'parent' }, sk)).json()) as any;
    await post(first.url, '/v1/distributors', { name: 'Child', code: 'child', parentCode: parent.code }, sk);

    const ackedClicks = new Set<string>();
    const ackedOrders = new Set<string>();
    const unackedOrders = new Set<string>();
    let killed = false;
    const worker = async () => {
      const ip = { 'x-forwarded-for': `10.0.0.${++clients}` };
      while (!killed) {
        const eventId = `ev_${id()}`;
        const orderId = `ord_${id()}`;
        const click = post(first.url, '/v1/track/click', { key: shop.publishableKey, code: 'child', visitorId: `v_${id()}`, eventId, url: 'https://shop.example/p' }, { origin: ORIGIN, ...ip });
        const order = post(first.url, '/v1/orders', { id: orderId, currency: 'CNY', referralCode: 'child', items: [{ sku: 'tea', quantity: 1, unitPrice: 10_000 }] }, sk);
        const [c, o] = await Promise.allSettled([click, order]);
        if (c.status === 'fulfilled' && c.value.status === 202) ackedClicks.add(eventId);
        if (o.status === 'fulfilled' && (o.value.status === 201 || o.value.status === 200)) ackedOrders.add(orderId);
        else unackedOrders.add(orderId);
        if (c.status === 'rejected' || o.status === 'rejected') break;
      }
    };
    const load = Promise.all(Array.from({ length: 12 }, worker));
    await new Promise((r) => setTimeout(r, 2000));
    process.kill(first.pid, 'SIGKILL');
    killed = true;
    await load;
    expect(await first.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(ackedOrders.size).toBeGreaterThan(5);
    expect(ackedClicks.size).toBeGreaterThan(5);

    console.info(`acknowledged: ${ackedClicks.size} clicks, ${ackedOrders.size} orders; unanswered orders: ${unackedOrders.size}`);
    const t0 = Date.now();
    const second = await startChild();
    console.info(`restart took ${Date.now() - t0} ms`);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    // the client retries what it never saw answered, and replays some it did: nothing is created twice
    const retry = [...unackedOrders, ...[...ackedOrders].slice(0, 20)];
    for (const orderId of retry) {
      const res = await post(second.url, '/v1/orders', { id: orderId, currency: 'CNY', referralCode: 'child', items: [{ sku: 'tea', quantity: 1, unitPrice: 10_000 }] }, sk);
      expect([200, 201]).toContain(res.status);
      const body = (await res.json()) as any;
      expect(body.commissions).toHaveLength(2);
    }
    second.proc.kill('SIGTERM');
    expect(await second.exited()).toEqual({ code: 0, signal: null });

    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const clicks = new Set((db.prepare('select event_id from touches where shop_id = ?').all(shop.id) as { event_id: string }[]).map((r) => r.event_id));
      for (const e of ackedClicks) expect(clicks.has(e), `acknowledged click ${e}`).toBe(true);
      const orders = new Set((db.prepare('select id from orders where shop_id = ?').all(shop.id) as { id: string }[]).map((r) => r.id));
      for (const o of ackedOrders) expect(orders.has(o), `acknowledged order ${o}`).toBe(true);
      for (const o of unackedOrders) expect(orders.has(o), `retried order ${o}`).toBe(true);
      const perOrder = db.prepare('select order_id, count(*) as n from commissions where shop_id = ? group by order_id having n <> 2').all(shop.id);
      expect(perOrder).toEqual([]);
      const commissions = (db.prepare('select count(*) as n from commissions where shop_id = ?').get(shop.id) as { n: number }).n;
      expect(commissions).toBe(orders.size * 2);
      const earned = (db.prepare("select count(*) as n from ledger_entries where shop_id = ? and kind = 'commission'").get(shop.id) as { n: number }).n;
      expect(earned).toBe(commissions);
    } finally {
      db.close();
    }
  }, 60_000);
});
