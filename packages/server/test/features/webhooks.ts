import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWebhookWorker } from '../../src/webhooks/delivery-worker';
import type { TwotierApp } from '../../src/app';
import { makeApp, secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from '../suite/context';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A local receiver on 127.0.0.1 (so the app and workers here allow private addresses) that fails the first `failures` requests with 500. */
function receiver() {
  const got: Received[] = [];
  const state = { failures: 0, server: null as Server | null, url: '' };
  return {
    got,
    state,
    async start() {
      state.server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          got.push({ headers: req.headers, body });
          if (state.failures > 0) {
            state.failures -= 1;
            res.writeHead(500).end('down');
          } else res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => state.server!.listen(0, '127.0.0.1', () => r()));
      state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hooks`;
    },
    stop: () => new Promise<void>((r) => (state.server ? state.server.close(() => r()) : r())),
  };
}

export function webhookTests(ctx: SuiteContext) {
  describe('webhooks: outbox, signatures, retries, several workers', () => {
    const hook = receiver();
    // the receivers here run on this machine: a development server's opt-in (TWOTIER_WEBHOOK_ALLOW_PRIVATE=1)
    let dev: TwotierApp;
    beforeAll(async () => {
      dev = makeApp(ctx.db, ctx.clock, { webhookAllowPrivate: true });
      await hook.start();
    });
    afterAll(async () => {
      await hook.stop();
      await dev?.close();
    });

    test('deliveries are signed, delivered once by two workers, retried with backoff, listed and resent', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      const created = await secret(dev, shop, 'POST', '/v1/webhook-endpoints', { url: hook.state.url, events: ['order.created', 'commission.created'] });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
      const whsec = created.body.secret as string;
      const listed = await secret(ctx.app, shop, 'GET', '/v1/webhook-endpoints');
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0].secret).toBeUndefined();

      const orderId = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(orderId, { referralCode: l1.code }));
      hook.got.length = 0;
      hook.state.failures = 1;
      const now = () => ctx.clock.ms;
      const a = createWebhookWorker({ db: ctx.db, now, allowPrivate: true });
      const b = createWebhookWorker({ db: ctx.db, now, allowPrivate: true });
      const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
      expect(na + nb).toBe(3);
      expect(hook.got).toHaveLength(3);
      for (const r of hook.got) {
        const [t, v1] = String(r.headers['twotier-signature']).split(',').map((p) => p.split('=')[1]);
        expect(Number(t)).toBe(Math.floor(ctx.clock.ms / 1000));
        expect(v1).toBe(createHmac('sha256', whsec).update(`${t}.${r.body}`).digest('hex'));
        expect(JSON.parse(r.body).id).toBe(r.headers['twotier-event-id']);
      }
      const types = hook.got.map((r) => JSON.parse(r.body).type).sort();
      expect(types).toEqual(['commission.created', 'commission.created', 'order.created']);
      expect(JSON.parse(hook.got.find((r) => r.body.includes('"order.created"'))!.body).data).toMatchObject({ id: orderId, distributorId: l1.id });

      const deliveries = (await secret(ctx.app, shop, 'GET', `/v1/webhook-endpoints/${created.body.id}/deliveries`)).body.data;
      const pending = deliveries.filter((d: any) => d.status === 'pending');
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ attempts: 1, lastStatus: 500, nextAttemptAt: new Date(ctx.clock.ms + 10_000).toISOString() });
      expect(await a.runOnce()).toBe(0);
      ctx.clock.ms += 10_000;
      expect(await b.runOnce()).toBe(1);
      const ok = new Set(hook.got.slice(1).map((r) => r.headers['twotier-event-id']));
      expect(ok.size).toBe(3);
      const after = (await secret(ctx.app, shop, 'GET', `/v1/webhook-endpoints/${created.body.id}/deliveries`)).body.data;
      expect(after.every((d: any) => d.status === 'delivered')).toBe(true);

      const resend = await secret(ctx.app, shop, 'POST', `/v1/webhook-endpoints/${created.body.id}/deliveries/${after[0].id}/resend`);
      expect(resend.status).toBe(202);
      expect(await a.runOnce()).toBe(1);
      expect(hook.got.at(-1)!.headers['twotier-event-id']).toBe(after[0].eventId);
    });

    test('events of withdrawals and settlement; a receiver that stays down is retried for three days, then failed', async () => {
      const { shop, l1 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
      const ep = (
        await secret(dev, shop, 'POST', '/v1/webhook-endpoints', {
          url: 'http://127.0.0.1:9/closed',
          events: ['commission.available', 'withdrawal.requested', 'withdrawal.approved', 'commission.reversed'],
        })
      ).body;
      const orderId = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(orderId, { referralCode: l1.code }));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      const w = (await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 500 })).body;
      await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w.id}/approve`);
      await secret(ctx.app, shop, 'POST', `/v1/orders/${orderId}/refunds`, { id: uid('r'), amount: 1000 });
      const list = async () => (await secret(ctx.app, shop, 'GET', `/v1/webhook-endpoints/${ep.id}/deliveries`)).body.data;
      const types = (await list()).map((d: any) => d.eventType).sort();
      expect(types).toEqual(['commission.available', 'commission.available', 'commission.reversed', 'commission.reversed', 'withdrawal.approved', 'withdrawal.requested']);

      const worker = createWebhookWorker({ db: ctx.db, now: () => ctx.clock.ms, timeoutMs: 2000, allowPrivate: true });
      let rounds = 0;
      while ((await list()).some((d: any) => d.status === 'pending') && rounds < 60) {
        await worker.runOnce();
        ctx.clock.ms += 6 * 3_600_000;
        rounds += 1;
      }
      const final = await list();
      expect(final.every((d: any) => d.status === 'failed')).toBe(true);
      expect(final[0].attempts).toBeGreaterThan(10);
      expect(final[0].lastError).toBeTruthy();
    });

    test('workers on separate connections (as separate processes) deliver each event exactly once', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      const ep = (await secret(dev, shop, 'POST', '/v1/webhook-endpoints', { url: hook.state.url, events: ['order.created'] })).body;
      for (let i = 0; i < 30; i++) await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      hook.got.length = 0;
      hook.state.failures = 0;
      // PostgreSQL: three pools, as three processes would have. SQLite: one connection (better-sqlite3
      // blocks the thread while it waits for a lock, so a second connection in this process would wait on itself;
      // between processes SQLite's single writer does what SKIP LOCKED does here).
      const dbs = ctx.factory.name === 'postgres' ? [ctx.db, await ctx.factory.open(), await ctx.factory.open()] : [ctx.db, ctx.db, ctx.db];
      try {
        const workers = dbs.map((db) => createWebhookWorker({ db, now: () => ctx.clock.ms, batchSize: 4, allowPrivate: true }));
        for (let round = 0; round < 20; round++) {
          const n = await Promise.all(workers.map((w) => w.runOnce()));
          if (n.every((x) => x === 0)) break;
        }
      } finally {
        if (ctx.factory.name === 'postgres') await Promise.all(dbs.slice(1).map((db) => db.close()));
      }
      const mine = hook.got.filter((r) => JSON.parse(r.body).shopId === shop.id);
      expect(mine).toHaveLength(30);
      expect(new Set(mine.map((r) => r.headers['twotier-event-id'])).size).toBe(30);
      const deliveries = (await secret(ctx.app, shop, 'GET', `/v1/webhook-endpoints/${ep.id}/deliveries`)).body.data;
      expect(deliveries.filter((d: any) => d.status === 'delivered' && d.attempts === 1)).toHaveLength(30);
    });

    test('invalid endpoints are refused', async () => {
      const { shop } = await shopWithChain(ctx);
      expect((await secret(ctx.app, shop, 'POST', '/v1/webhook-endpoints', { url: 'ftp://x.example', events: ['order.created'] })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', '/v1/webhook-endpoints', { url: 'https://x.example', events: ['order.exploded'] })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', '/v1/webhook-endpoints', { url: 'https://x.example', events: [] })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'GET', '/v1/webhook-endpoints/whe_nothing/deliveries')).status).toBe(404);
    });
  });
}
