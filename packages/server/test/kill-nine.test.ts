import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';

const OPERATOR = 'op-token-for-kill-test';
const ORIGIN = 'https://shop.example';
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./proof/kill-child.ts', import.meta.url));
const file = join(tmpdir(), `twotier-kill-${randomBytes(6).toString('hex')}.db`);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
});

/** Starts a server process on the SQLite file; resolves with it and its URL. */
function startChild(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--conditions=@twotier/source', '--import', 'tsx', child, file], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ proc, url: (JSON.parse(line) as { url: string }).url });
    });
    proc.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err.slice(0, 500)}`)));
  });
}

/** Resolves when the process has exited (at once if it already has). */
const exited = (proc: ChildProcess) =>
  proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => proc.once('exit', () => r()));

const id = () => randomBytes(8).toString('hex');

describe('kill -9 mid-load (SQLite, real socket)', () => {
  test('every request answered 2xx is in the database after a restart, nothing twice, integrity ok', async () => {
    const first = await startChild();
    const post = (url: string, path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const shop = (await (await post(first.url, '/v1/shops', { name: 'Kill', currency: 'CNY', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` })).json()) as any;
    const sk = { authorization: `Bearer ${shop.secretKey}` };
    const parent = (await (await post(first.url, '/v1/distributors', { name: 'Parent', code: 'parent' }, sk)).json()) as any;
    await post(first.url, '/v1/distributors', { name: 'Child', code: 'child', parentCode: parent.code }, sk);

    const ackedClicks = new Set<string>();
    const ackedOrders = new Set<string>();
    const unackedOrders = new Set<string>();
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const eventId = `ev_${id()}`;
        const orderId = `ord_${id()}`;
        const click = post(first.url, '/v1/track/click', { key: shop.publishableKey, code: 'child', visitorId: `v_${id()}`, eventId, url: 'https://shop.example/p' }, { origin: ORIGIN });
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
    first.proc.kill('SIGKILL');
    killed = true;
    await load;
    await exited(first.proc);
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
    await exited(second.proc);

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
