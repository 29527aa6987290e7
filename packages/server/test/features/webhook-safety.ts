import { execFileSync } from 'node:child_process';
import { lookup as dnsLookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../../src/app';
import { nodeListener } from '../../src/http/click-lane';
import { createWebhookWorker } from '../../src/webhooks/delivery-worker';
import { createTestShop, makeApp, secret, uid, type TestShop } from '../harness';
import type { SuiteContext } from '../suite/context';

const portOf = (server: { address(): unknown }) => (server.address() as AddressInfo).port;

/** An HTTP listener on 127.0.0.1 that answers `status` and records what came. */
async function listener(answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(204).end()) {
  const got: { headers: IncomingHttpHeaders; url: string; body: string; at: number }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers, url: req.url ?? '', body, at: performance.now() });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { got, server, port: portOf(server), close: () => closeServer(server) };
}

/** A TCP listener that accepts every connection and never says a word. */
async function blackHole() {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createTcpServer((s) => {
    accepted += 1;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: portOf(server),
    open: () => sockets.size,
    accepted: () => accepted,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const closeServer = (server: Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections?.();
    server.close(() => r());
  });

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = portOf(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** An endpoint stored as if registered before addresses were checked, or by a name whose DNS changed since. */
async function storedEndpoint(ctx: SuiteContext, shopId: string, url: string): Promise<string> {
  const id = uid('whe');
  await ctx.db.writeTx((tx) =>
    tx
      .insertInto('webhook_endpoints')
      .values({ shop_id: shopId, id, url, events: JSON.stringify(['order.created']), secret: 'whsec_test', description: null, active: 1, created_at: ctx.clock.ms })
      .execute(),
  );
  return id;
}

/** `n` deliveries of `order.created` to `endpointId`, due since `dueAt`. */
async function dueDeliveries(ctx: SuiteContext, shopId: string, endpointId: string, n: number, dueAt: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const eventId = uid('evt');
    return {
      shop_id: shopId,
      id: uid('whd'),
      endpoint_id: endpointId,
      event_id: eventId,
      event_type: 'order.created',
      payload: JSON.stringify({ id: eventId, type: 'order.created', createdAt: new Date(dueAt).toISOString(), shopId, data: { n: i } }),
      status: 'pending' as const,
      attempts: 0,
      next_attempt_at: dueAt,
      locked_until: null,
      last_status: null,
      last_error: null,
      delivered_at: null,
      created_at: dueAt,
    };
  });
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    await ctx.db.writeTx((tx) => tx.insertInto('webhook_deliveries').values(chunk).execute());
  }
}

const deliveriesOf = async (ctx: SuiteContext, shop: TestShop, endpointId: string) =>
  (await secret(ctx.app, shop, 'GET', `/v1/webhook-endpoints/${endpointId}/deliveries`)).body.data as any[];

/** Ends what a test left pending, so no later worker round picks it up. */
const settleShop = (ctx: SuiteContext, shopId: string) =>
  ctx.db.writeTx((tx) => tx.updateTable('webhook_deliveries').set({ status: 'failed', locked_until: null }).where('shop_id', '=', shopId).where('status', '=', 'pending').execute());

/** Names only these tests know, resolved by a stand-in for DNS; every other name through the real one. */
function fakeDns(names: Record<string, string[]>) {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const fixed = names[hostname];
    if (fixed) return fixed.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (hostname.endsWith('.invalid')) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return dnsLookup(hostname, { all: true });
  };
  return { lookup, calls };
}

/** Every IPv4 and IPv6 notation of an address of this machine or its network that the WHATWG URL parser accepts. */
export const PRIVATE_WEBHOOK_URLS: [url: string, reason: string][] = [
  ['http://127.0.0.1:8080/hooks', 'loopback'],
  ['http://localhost:8080/hooks', 'loopback'],
  ['http://LOCALHOST./hooks', 'loopback'],
  ['http://api.localhost/hooks', 'loopback'],
  ['http://[::1]:8080/hooks', 'loopback'],
  ['http://0.0.0.0/hooks', 'unspecified'],
  ['http://0/hooks', 'unspecified'],
  ['http://[::]/hooks', 'unspecified'],
  ['http://2130706433/hooks', 'loopback'],
  ['http://0x7f.1/hooks', 'loopback'],
  ['http://0x7f000001/hooks', 'loopback'],
  ['http://0177.0.0.1/hooks', 'loopback'],
  ['http://127.1/hooks', 'loopback'],
  ['http://１２７.０.０.１/hooks', 'loopback'],
  ['http://169.254.169.254/latest/meta-data/', 'link-local'],
  ['http://[fe80::1]/hooks', 'link-local'],
  ['http://10.1.2.3/hooks', 'private network'],
  ['http://172.16.0.1/hooks', 'private network'],
  ['http://192.168.1.20/hooks', 'private network'],
  ['http://100.64.0.1/hooks', 'private network'],
  ['http://[fd12:3456::1]/hooks', 'private network'],
  ['http://[::ffff:127.0.0.1]/hooks', 'loopback'],
  ['http://[::ffff:a9fe:a9fe]/hooks', 'link-local'],
  ['http://[::ffff:192.168.0.1]/hooks', 'private network'],
  ['http://[64:ff9b::a00:1]/hooks', 'private network'],
  ['http://[2002:7f00:1::]/hooks', 'loopback'],
  ['http://224.0.0.251/hooks', 'multicast'],
  ['http://[ff02::1]/hooks', 'multicast'],
];

export function webhookSafetyTests(ctx: SuiteContext) {
  describe("webhooks: the server's own network is off limits, one slow receiver delays no one", () => {
    let open: TwotierApp;
    let server: Server;
    let base = '';
    let shop: TestShop;
    beforeAll(async () => {
      open = makeApp(ctx.db, ctx.clock, { webhookAllowPrivate: true });
      server = createServer(nodeListener(ctx.app));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${portOf(server)}`;
      shop = await createTestShop(ctx.app);
    });
    afterAll(async () => {
      await closeServer(server);
      await open?.close();
    });

    const register = async (url: string) => {
      const res = await fetch(`${base}/v1/webhook-endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shop.sk}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url, events: ['order.created'] }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    test('registration refuses loopback, private, link-local, multicast and unspecified addresses in every notation, with the reason (over a socket)', async () => {
      for (const [url, reason] of PRIVATE_WEBHOOK_URLS) {
        const res = await register(url);
        expect(res.status, url).toBe(422);
        expect(res.body.error.code, url).toBe('webhook_url_not_allowed');
        expect(res.body.error.message, url).toContain(`(${reason}`);
        expect(res.body.error.details, url).toMatchObject({ path: ['url'], reason });
      }
      expect((await register('https://hooks.example/twotier')).status).toBe(201);
      expect((await register('http://93.184.216.34:8080/hooks')).status).toBe(201);
      // a development server that opted in takes them
      const allowed = await secret(open, shop, 'POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks', events: ['order.created'] });
      expect(allowed.status).toBe(201);
      await secret(open, shop, 'DELETE', `/v1/webhook-endpoints/${allowed.body.id}`);
    });

    test('at delivery the address is checked again after DNS: nothing reaches this machine, and the stored error says why', async () => {
      const local = await listener();
      const dns = fakeDns({ 'rebound.example': ['93.184.216.34', '127.0.0.1'], 'inside.example': ['10.0.0.7'] });
      try {
        const s = await createTestShop(ctx.app);
        const urls = [
          `http://127.0.0.1:${local.port}/literal`,
          `http://localhost:${local.port}/by-name`,
          `http://[::ffff:127.0.0.1]:${local.port}/mapped`,
          `http://rebound.example:${local.port}/one-of-two`,
          `http://inside.example:${local.port}/private`,
        ];
        const endpoints = [];
        for (const url of urls) {
          const id = await storedEndpoint(ctx, s.id, url);
          await dueDeliveries(ctx, s.id, id, 1, ctx.clock.ms);
          endpoints.push(id);
        }
        const worker = createWebhookWorker({ db: ctx.db, now: () => ctx.clock.ms, lookup: dns.lookup });
        await worker.runOnce();
        expect(local.got).toHaveLength(0);
        const errors = [];
        for (const id of endpoints) {
          const [d] = await deliveriesOf(ctx, s, id);
          expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
          errors.push(d.lastError);
        }
        expect(errors).toEqual([
          "the receiver's address is not allowed (loopback)",
          "the receiver's address is not allowed (loopback)",
          "the receiver's address is not allowed (loopback)",
          "the receiver's address is not allowed (loopback)",
          "the receiver's address is not allowed (private network)",
        ]);
        await settleShop(ctx, s.id);
      } finally {
        await local.close();
      }
    });

    test('the worker connects to the address it checked: one lookup, the Host header kept, redirects not followed', async () => {
      const target = await listener();
      const redirector = await listener((res) => res.writeHead(302, { location: `http://127.0.0.1:${target.port}/stolen` }).end());
      const dns = fakeDns({ 'receiver.test': ['127.0.0.1'] });
      try {
        const s = await createTestShop(ctx.app);
        const direct = await storedEndpoint(ctx, s.id, `http://receiver.test:${target.port}/hooks?x=1`);
        const moved = await storedEndpoint(ctx, s.id, `http://127.0.0.1:${redirector.port}/hooks`);
        await dueDeliveries(ctx, s.id, direct, 1, ctx.clock.ms);
        await dueDeliveries(ctx, s.id, moved, 1, ctx.clock.ms);
        const worker = createWebhookWorker({ db: ctx.db, now: () => ctx.clock.ms, lookup: dns.lookup, allowPrivate: true });
        await worker.runOnce();
        expect(dns.calls).toEqual(['receiver.test']);
        expect(target.got.map((g) => [g.url, g.headers.host])).toEqual([['/hooks?x=1', `receiver.test:${target.port}`]]);
        expect(redirector.got).toHaveLength(1);
        expect((await deliveriesOf(ctx, s, direct))[0]).toMatchObject({ status: 'delivered', lastStatus: 204, lastError: null });
        expect((await deliveriesOf(ctx, s, moved))[0]).toMatchObject({ status: 'pending', lastStatus: 302, lastError: 'HTTP 302 from the receiver (redirects are not followed)' });

        // the system's own resolver (dns.lookup) on the same path
        const byName = await storedEndpoint(ctx, s.id, `http://localhost:${target.port}/by-name`);
        await dueDeliveries(ctx, s.id, byName, 1, ctx.clock.ms);
        // (the redirected one waits for its retry, 10 s away on the test clock)
        await createWebhookWorker({ db: ctx.db, now: () => ctx.clock.ms, allowPrivate: true }).runOnce();
        expect(target.got.at(-1)).toMatchObject({ url: '/by-name', headers: { host: `localhost:${target.port}` } });
        expect((await deliveriesOf(ctx, s, byName))[0]).toMatchObject({ status: 'delivered', lastStatus: 204 });
        await settleShop(ctx, s.id);
      } finally {
        await target.close();
        await redirector.close();
      }
    });

    test('a failed delivery is stored in words a shop can act on, never a raw socket error', async () => {
      const failing = await listener((res) => res.writeHead(500).end('boom'));
      const silent = await blackHole();
      const refusedPort = await closedPort();
      const dir = mkdtempSync(join(tmpdir(), 'twotier-tls-'));
      let tls: Server | null = null;
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
        tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.writeHead(204).end());
        await new Promise<void>((r) => tls!.listen(0, '127.0.0.1', () => r()));
      } catch {
        tls = null; // no openssl here: the TLS case is left out
      }
      const dns = fakeDns({});
      try {
        const s = await createTestShop(ctx.app);
        const cases: [string, string][] = [
          [`http://127.0.0.1:${refusedPort}/hooks`, 'connection refused by the receiver'],
          [`http://127.0.0.1:${silent.port}/hooks`, 'no answer within 0.5 s'],
          [`http://127.0.0.1:${failing.port}/hooks`, 'HTTP 500 from the receiver'],
          ['http://nowhere.invalid/hooks', "the receiver's host name does not resolve"],
          ...(tls ? ([[`https://127.0.0.1:${portOf(tls)}/hooks`, 'TLS certificate not valid']] as [string, string][]) : []),
        ];
        const ids = [];
        for (const [url] of cases) {
          const id = await storedEndpoint(ctx, s.id, url);
          await dueDeliveries(ctx, s.id, id, 1, ctx.clock.ms);
          ids.push(id);
        }
        const worker = createWebhookWorker({ db: ctx.db, now: () => ctx.clock.ms, lookup: dns.lookup, allowPrivate: true, timeoutMs: 500 });
        await worker.runOnce();
        for (const [i, [url, words]] of cases.entries()) {
          const [d] = await deliveriesOf(ctx, s, ids[i]!);
          expect(d.lastError, url).toBe(words);
          expect(d.status, url).toBe('pending');
        }
        await settleShop(ctx, s.id);
      } finally {
        await failing.close();
        await silent.close();
        if (tls) await closeServer(tls);
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("a shop with 500 deliveries to a receiver that never answers delays another shop's delivery by no more than a few seconds", async () => {
      const hole = await blackHole();
      const fine = await listener();
      const slowShop = await createTestShop(ctx.app);
      const otherShop = await createTestShop(ctx.app);
      const worker = createWebhookWorker({ db: ctx.db, now: () => ctx.clock.ms, allowPrivate: true, intervalMs: 200 });
      let stopMs = Infinity;
      try {
        const slow = await storedEndpoint(ctx, slowShop.id, `http://127.0.0.1:${hole.port}/hooks`);
        const other = await storedEndpoint(ctx, otherShop.id, `http://127.0.0.1:${fine.port}/hooks`);
        // the slow shop's backlog is older, so oldest-first alone would send all of it first
        await dueDeliveries(ctx, slowShop.id, slow, 500, ctx.clock.ms - 60_000);
        await dueDeliveries(ctx, otherShop.id, other, 1, ctx.clock.ms);
        const started = performance.now();
        worker.start();
        const deadline = started + 8_000;
        while (fine.got.length === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        const waited = fine.got.length ? fine.got[0]!.at - started : Infinity;
        expect(waited).toBeLessThan(3_000);
        // a shop's share is bounded: the black hole holds a few requests, not the whole backlog
        expect(hole.accepted()).toBeGreaterThan(0);
        expect(hole.accepted()).toBeLessThanOrEqual(8);
        // later deliveries of the other shop are not held up either, while the slow ones are still in flight
        await dueDeliveries(ctx, otherShop.id, other, 3, ctx.clock.ms);
        const again = performance.now();
        while (fine.got.length < 4 && performance.now() < again + 5_000) await new Promise((r) => setTimeout(r, 20));
        expect(fine.got).toHaveLength(4);
        expect(fine.got[3]!.at - again).toBeLessThan(3_000);
        expect(hole.accepted()).toBeLessThanOrEqual(8);
      } finally {
        const stopping = performance.now();
        await worker.stop();
        stopMs = performance.now() - stopping;
        await hole.close();
        await fine.close();
        await settleShop(ctx, slowShop.id);
        await settleShop(ctx, otherShop.id);
      }
      // stopping does not wait for the receiver that never answers
      expect(stopMs).toBeLessThan(2_000);
    }, 60_000);
  });
}
