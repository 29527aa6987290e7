/**
 * On Node, `POST /v1/track/click` is answered by the lane in
 * `src/http/click-lane.ts`, not by the Hono route. Every case here is sent
 * both ways, to the Hono app (`app.request`) and over a real socket to the
 * Node listener, and must get the same status, body and headers.
 */
import fc from 'fast-check';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { nodeListener } from '../src/http/click-lane';
import { MemoryRateLimiter } from '../src/http/rate-limit';
import { Clock, ORIGIN, createTestShop, makeApp, sqliteFactory, uid, type TestShop } from './harness';
import { hostileBody } from './proof/adversarial';

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | null>;
}

const COMPARED_HEADERS = ['content-type', 'vary', 'access-control-allow-origin', 'access-control-expose-headers', 'retry-after'];

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // compared as text
  }
  return { status: res.status, body, headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])) };
}

/** One request, as both paths are sent it. */
interface Case {
  query?: string;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

function listen(app: TwotierApp): Promise<{ server: Server; base: string; port: number }> {
  const server = createServer(nodeListener(app));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ server, base: `http://127.0.0.1:${port}`, port });
    }),
  );
}

describe('the Node click lane answers as the Hono route does', () => {
  const factory = sqliteFactory();
  let db: Db;
  let app: TwotierApp;
  let shop: TestShop;
  let net: Awaited<ReturnType<typeof listen>>;
  const click = (over: Record<string, unknown> = {}) => ({ key: shop.pk, code: 'lane', visitorId: uid('v'), eventId: uid('e'), url: 'https://shop.example/tea', ...over });
  const viaHono = (c: Case) =>
    Promise.resolve(app.request(`/v1/track/click${c.query ?? ''}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...c.headers }, body: c.body as BodyInit })).then(answer);
  const viaNode = (c: Case) =>
    fetch(`${net.base}/v1/track/click${c.query ?? ''}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...c.headers }, body: c.body as BodyInit }).then(answer);
  const touches = async () => Number((await db.kysely.selectFrom('touches').select((eb) => eb.fn.countAll().as('n')).where('shop_id', '=', shop.id).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    db = await factory.open();
    app = makeApp(db, new Clock());
    shop = await createTestShop(app);
    net = await listen(app);
  });
  afterAll(async () => {
    await new Promise((r) => net.server.close(r));
    await app.close();
    await db.close();
    await factory.cleanup();
  });

  const cases: [string, () => Case][] = [
    ['a click from an allowed origin', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click()) })],
    ['a click without Origin', () => ({ body: JSON.stringify(click()) })],
    ['a click with a referrer and the key in the query', () => ({ query: `?key=${shop.pk}`, headers: { origin: ORIGIN }, body: JSON.stringify({ ...click({ referrer: 'https://weixin.qq.com/' }), key: undefined }) })],
    ['an origin the shop does not allow', () => ({ headers: { origin: 'https://evil.example' }, body: JSON.stringify(click()) })],
    ['no key at all', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify({ ...click(), key: undefined }) })],
    ['an empty ?key=', () => ({ query: '?key=', headers: { origin: ORIGIN }, body: JSON.stringify({ ...click(), key: undefined }) })],
    ['an unknown publishable key', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click({ key: 'pk_unknownunknownunknown' })) })],
    ['a secret key', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click({ key: shop.sk })) })],
    ['a key that is not a string', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click({ key: 42 })) })],
    ['a body that is not JSON', () => ({ headers: { origin: ORIGIN }, body: '{"key":' })],
    ['an empty body', () => ({ headers: { origin: ORIGIN }, body: '' })],
    ['invalid UTF-8', () => ({ headers: { origin: ORIGIN }, body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) })],
    ['a missing visitor id', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify({ ...click(), visitorId: undefined }) })],
    ['an unknown field', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click({ admin: true })) })],
    ['a __proto__ key', () => ({ headers: { origin: ORIGIN }, body: `{"__proto__":{"admin":true},${JSON.stringify(click()).slice(1)}` })],
    ['a 60 KB url', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click({ url: 'x'.repeat(60_000) })) })],
    ['a body over 64 KB', () => ({ headers: { origin: ORIGIN }, body: JSON.stringify(click({ url: 'x'.repeat(70_000) })) })],
  ];

  test.each(cases)('%s', async (_name, make) => {
    const before = await touches();
    const [hono, node] = [await viaHono(make()), await viaNode(make())];
    expect(node).toEqual(hono);
    expect((await touches()) - before).toBe(hono.status === 202 ? 2 : 0);
  });

  test('the same event twice: the second is a duplicate both ways, and one row is stored', async () => {
    for (const send of [viaHono, viaNode]) {
      const body = JSON.stringify(click());
      const first = await send({ headers: { origin: ORIGIN }, body });
      const again = await send({ headers: { origin: ORIGIN }, body });
      // 'lane' names no distributor: both ways say so, on the first send and the repeat
      expect([first.status, first.body, again.status, again.body]).toEqual([202, { accepted: true, duplicate: false, unknownCode: true }, 202, { accepted: true, duplicate: true, unknownCode: true }]);
    }
  });

  test('1,000 hostile bodies get the same answer both ways, never a 5xx, and store nothing', async () => {
    const before = await touches();
    await fc.assert(
      fc.asyncProperty(hostileBody(click() as Record<string, unknown>), async (body) => {
        const [hono, node] = [await viaHono({ headers: { origin: ORIGIN }, body }), await viaNode({ headers: { origin: ORIGIN }, body })];
        expect(node).toEqual(hono);
        expect(node.status).toBeGreaterThanOrEqual(400);
        expect(node.status).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );
    expect(await touches()).toBe(before);
  }, 120_000);

  test('a 1 MB chunked body is refused with 413 and stores nothing', async () => {
    const before = await touches();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ port: net.port, path: '/v1/track/click', method: 'POST', headers: { origin: ORIGIN, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`{"key":"${shop.pk}","code":"lane","visitorId":"v1","eventId":"e1","url":"`);
      const chunk = Buffer.alloc(16 * 1024, 'a');
      for (let i = 0; i < 64; i++) req.write(chunk);
      req.end('"}');
    }).catch(() => 413);
    expect(status).toBe(413);
    expect(await touches()).toBe(before);
  });
});

describe('rate limits in the Node click lane', () => {
  const factory = sqliteFactory();
  let db: Db;
  afterAll(async () => {
    await db.close();
    await factory.cleanup();
  });

  test('per IP and per key: 429 with Retry-After, as the Hono route answers', async () => {
    db = await factory.open();
    const run = async (perIp: number, perKey: number, send: (app: TwotierApp, shop: TestShop, base: string) => Promise<Answer>) => {
      const app = makeApp(db, new Clock(), { rateLimiter: new MemoryRateLimiter(), rateLimits: { perIp: { limit: perIp, windowMs: 60_000 }, perKey: { limit: perKey, windowMs: 60_000 } } });
      const shop = await createTestShop(app);
      const net = await listen(app);
      try {
        const out: Answer[] = [];
        for (let i = 0; i < 4; i++) out.push(await send(app, shop, net.base));
        return out.map((a) => ({ status: a.status, retryAfter: a.headers['retry-after'] !== null, code: (a.body as { error?: { code: string } }).error?.code }));
      } finally {
        await new Promise((r) => net.server.close(r));
        await app.close();
      }
    };
    const body = (shop: TestShop) => JSON.stringify({ key: shop.pk, code: 'lane', visitorId: uid('v'), eventId: uid('e'), url: 'https://shop.example/' });
    const init = (shop: TestShop) => ({ method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: body(shop) });
    const hono = (app: TwotierApp, shop: TestShop) => Promise.resolve(app.request('/v1/track/click', init(shop))).then(answer);
    const node = (_app: TwotierApp, shop: TestShop, base: string) => fetch(`${base}/v1/track/click`, init(shop)).then(answer);
    const expected = [
      { status: 202, retryAfter: false, code: undefined },
      { status: 202, retryAfter: false, code: undefined },
      { status: 429, retryAfter: true, code: 'rate_limited' },
      { status: 429, retryAfter: true, code: 'rate_limited' },
    ];
    for (const [perIp, perKey] of [[2, 100], [100, 2]] as const) {
      expect(await run(perIp, perKey, hono)).toEqual(expected);
      expect(await run(perIp, perKey, node)).toEqual(expected);
    }
  });
});
