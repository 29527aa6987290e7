import { randomInt } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../src/db';
import { nodeListener } from '../src/http/click-lane';
import { MemoryRateLimiter } from '../src/http/rate-limit';
import { Clock, ORIGIN, createTestShop, makeApp, sqliteFactory, uid, type TestShop } from './harness';
import { nginxAvailable, startNginx, type RunningNginx } from './scale/nginx';

const haveNginx = nginxAvailable('client IP behind nginx');

const PER_IP = 20;
const randomIp = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
/** A chain a client makes up: one to four random addresses. */
const forgedChain = () => Array.from({ length: randomInt(1, 5) }, randomIp).join(randomInt(2) ? ', ' : ',');

/** One request from the loopback address `from` (each 127.x.y.z is its own client), with its own X-Forwarded-For. */
function send(base: string, from: string, path: string, xff: string, body?: string): Promise<number> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: body === undefined ? 'GET' : 'POST',
        localAddress: from,
        agent: false,
        headers: { origin: ORIGIN, 'x-forwarded-for': xff, ...(body !== undefined ? { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A server with `trustProxy` behind `proxies` nginx in a row (the configuration of docs/self-hosting.md), each appending the address it received from. */
async function behindProxies(db: Db, proxies: number) {
  const app = makeApp(db, new Clock(), { trustProxy: proxies, rateLimiter: new MemoryRateLimiter(), rateLimits: { perIp: { limit: PER_IP, windowMs: 60_000 } } });
  const shop = await createTestShop(app);
  const server: Server = createServer(nodeListener(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const layers: RunningNginx[] = [];
  for (let i = 0; i < proxies; i++) {
    const nginx = await startNginx([upstream]);
    layers.push(nginx);
    upstream = nginx.url;
  }
  return {
    app,
    shop,
    base: upstream,
    async close() {
      for (const nginx of layers.reverse()) await nginx.close();
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await app.close();
    },
  };
}

const click = (shop: TestShop) => JSON.stringify({ key: shop.pk, code: 'none', visitorId: uid('v'), eventId: uid('e'), url: 'https://shop.example/' });
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe.skipIf(!haveNginx)('client IP behind nginx layers that append to X-Forwarded-For (over real sockets)', () => {
  const factory = sqliteFactory();
  let db: Db;
  beforeAll(async () => {
    db = await factory.open();
  });
  afterAll(async () => {
    await db.close();
    await factory.cleanup();
  });

  for (const proxies of [1, 2]) {
    test(`TWOTIER_TRUST_PROXY=${proxies}: made-up X-Forwarded-For chains do not escape the per-IP limit, and other clients keep theirs`, async () => {
      const net = await behindProxies(db, proxies);
      try {
        // the Node click lane and a Hono route: both read the client IP
        const attacker = `127.0.${proxies}.10`;
        const statuses: number[] = [];
        for (let i = 0; i < 3 * PER_IP; i++) {
          statuses.push(i % 2 ? await send(net.base, attacker, '/v1/track/click', forgedChain(), click(net.shop)) : await send(net.base, attacker, `/v1/public/distributors/none?key=${net.shop.pk}`, forgedChain()));
        }
        expect(statuses.length - count(statuses, 429), `answered of ${statuses.length}: ${statuses.join(' ')}`).toBe(PER_IP);
        expect(statuses.slice(PER_IP).every((s) => s === 429)).toBe(true);
        // another client behind the same proxies has its own allowance, forged header or not
        expect(await send(net.base, `127.0.${proxies}.11`, '/v1/track/click', forgedChain(), click(net.shop))).toBe(202);
        expect(await send(net.base, `127.0.${proxies}.12`, `/v1/public/distributors/none?key=${net.shop.pk}`, '')).toBe(404);
      } finally {
        await net.close();
      }
    }, 60_000);
  }
});
