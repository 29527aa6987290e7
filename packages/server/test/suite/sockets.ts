import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeListener } from '../../src/http/click-lane';
import { ORIGIN, secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from './context';

/** Sends a chunked POST (no Content-Length) of `total` bytes; resolves with the status. */
function chunkedPost(port: number, path: string, headers: Record<string, string>, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, path, method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const prefix = Buffer.from('{"id":"huge","currency":"CNY","items":[{"sku":"');
    const chunk = Buffer.alloc(Math.min(16 * 1024, total), 'a');
    let sent = 0;
    req.write(prefix);
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end('","quantity":1,"unitPrice":1}]}');
    };
    pump();
  });
}

/**
 * Writes `parts` to one keep-alive connection, `gapMs` apart, and collects
 * the status lines of the answers until `answers` have come.
 */
function rawExchange(port: number, parts: string[], answers: number, gapMs = 30): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${text.match(/HTTP\/1\.1 \d{3} /g)?.length ?? 0} of ${answers} answers came: ${text}`));
    }, 5_000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      if (statuses.length >= answers) {
        clearTimeout(timer);
        socket.end();
        resolve(statuses);
      }
    });
    socket.on('error', reject);
    void (async () => {
      for (const part of parts) {
        socket.write(part);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    })();
  });
}

const rawPost = (path: string, body: string, headers: Record<string, string>) =>
  [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', body].join('\r\n');

export function socketTests(ctx: SuiteContext) {
  describe('over a real socket', () => {
    let server: Server;
    let base: string;
    let port: number;
    beforeAll(async () => {
      // the listener `twotier serve` uses: Hono, and the Node click lane beside it
      server = createServer(nodeListener(ctx.app));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      base = `http://127.0.0.1:${port}`;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
    });

    test('200 concurrent POSTs of one order: one order, one commission per level, the same body for all', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      const body = JSON.stringify(orderBody(uid('o'), { referralCode: l1.code }));
      const responses = await Promise.all(
        Array.from({ length: 200 }, () =>
          fetch(`${base}/v1/orders`, { method: 'POST', body, headers: { authorization: `Bearer ${shop.sk}`, 'content-type': 'application/json' } }).then(async (r) => ({ status: r.status, body: await r.json() })),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(199);
      for (const r of responses) expect(r.body).toEqual(responses[0]!.body);
      const orders = await ctx.db.kysely.selectFrom('orders').select('id').where('shop_id', '=', shop.id).execute();
      expect(orders).toHaveLength(1);
      const commissions = await ctx.db.kysely.selectFrom('commissions').select('level').where('shop_id', '=', shop.id).execute();
      expect(commissions.map((c) => Number(c.level)).sort()).toEqual([1, 2]);
      const entries = await ctx.db.kysely.selectFrom('ledger_entries').select('amount').where('shop_id', '=', shop.id).execute();
      expect(entries).toHaveLength(2);
    });

    test('concurrent refunds: one per refund id, never more reversed than earned, never more refunded than paid', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      const id = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(id, { referralCode: l1.code }, 3));
      const post = (refundId: string) =>
        fetch(`${base}/v1/orders/${id}/refunds`, {
          method: 'POST',
          body: JSON.stringify({ id: refundId, amount: 7000 }),
          headers: { authorization: `Bearer ${shop.sk}` },
        }).then((r) => r.status);
      const same = await Promise.all(Array.from({ length: 30 }, () => post(`${id}-same`)));
      expect(same.filter((s) => s === 201)).toHaveLength(1);
      expect(same.filter((s) => s === 200)).toHaveLength(29);
      const distinct = await Promise.all(Array.from({ length: 10 }, (_, i) => post(`${id}-r${i}`)));
      // 30 000 paid: 7 000 already refunded, room for 3 more of 7 000
      expect(distinct.filter((s) => s === 201)).toHaveLength(3);
      expect(distinct.filter((s) => s === 422)).toHaveLength(7);
      const commissions = (await secret(ctx.app, shop, 'GET', `/v1/commissions?orderId=${id}`)).body.data;
      const l1c = commissions.find((c: any) => c.level === 1);
      expect(l1c.amount).toBe(3000);
      expect(l1c.reversed).toBe(Math.round((3000 * 28_000) / 30_000));
      const balance = (await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(balance.pending).toBe(3000 - l1c.reversed);
    });

    test('100 concurrent withdrawals never take more than the balance held', async () => {
      const { shop, l1 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      const body = JSON.stringify({ distributorId: l1.id, amount: 30 });
      const statuses = await Promise.all(
        Array.from({ length: 100 }, () =>
          fetch(`${base}/v1/withdrawals`, { method: 'POST', body, headers: { authorization: `Bearer ${shop.sk}` } }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(33);
      expect(statuses.filter((s) => s === 409)).toHaveLength(67);
      const balance = (await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(balance).toMatchObject({ available: 10, inWithdrawal: 990 });
    });

    test('CORS: allowed origins get their own origin back; others and secret endpoints get no CORS headers', async () => {
      const { shop } = await shopWithChain(ctx);
      const pre = await fetch(`${base}/v1/track/click?key=${shop.pk}`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const sessionPre = await fetch(`${base}/v1/me`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-headers': 'authorization' } });
      expect(sessionPre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      const denied = await fetch(`${base}/v1/track/click?key=${shop.pk}`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(denied.status).toBe(403);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      const secretPre = await fetch(`${base}/v1/orders`, { method: 'OPTIONS', headers: { origin: ORIGIN } });
      expect(secretPre.headers.get('access-control-allow-origin')).toBeNull();
      const click = await fetch(`${base}/v1/track/click`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'text/plain' },
        body: JSON.stringify({ key: shop.pk, code: 'c1', visitorId: uid('visitor'), eventId: uid('event'), url: 'https://shop.example/' }),
      });
      expect(click.status).toBe(202);
      expect(click.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });

    test('a 1 MB chunked body is 413 and has no effect; a small chunked body works', async () => {
      const { shop } = await shopWithChain(ctx);
      const status = await chunkedPost(port, '/v1/orders', { authorization: `Bearer ${shop.sk}` }, 1024 * 1024);
      expect(status).toBe(413);
      expect((await secret(ctx.app, shop, 'GET', '/v1/orders/huge')).status).toBe(404);
      const ok = await chunkedPost(port, '/v1/orders', { authorization: `Bearer ${shop.sk}` }, 64);
      expect(ok).toBe(201);
      const declared = await fetch(`${base}/v1/orders`, { method: 'POST', headers: { authorization: `Bearer ${shop.sk}`, 'content-length': String(70_000) }, body: 'x'.repeat(70_000) });
      expect(declared.status).toBe(413);
    });

    test('a body with Content-Length is read whole whether it comes with its headers or in pieces, and the connection goes on', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      const click = () => rawPost('/v1/track/click', JSON.stringify({ key: shop.pk, code: l1.code, visitorId: uid('visitor'), eventId: uid('event'), url: 'https://shop.example/' }), { Origin: ORIGIN, 'Content-Type': 'text/plain' });
      const order = (id: string) => rawPost('/v1/orders', JSON.stringify(orderBody(id)), { Authorization: `Bearer ${shop.sk}`, 'Content-Type': 'application/json' });
      // whole, three requests on one connection: the click lane and Hono
      const o1 = uid('order');
      expect(await rawExchange(port, [click(), order(o1), click()], 3)).toEqual([202, 201, 202]);
      // headers first, the body in two pieces later
      const split = (raw: string) => {
        const at = raw.indexOf('\r\n\r\n') + 4;
        const mid = at + Math.floor((raw.length - at) / 2);
        return [raw.slice(0, at), raw.slice(at, mid), raw.slice(mid)];
      };
      const o2 = uid('order');
      expect(await rawExchange(port, [...split(click()), ...split(order(o2)), click()], 3)).toEqual([202, 201, 202]);
      for (const id of [o1, o2]) expect((await secret(ctx.app, shop, 'GET', `/v1/orders/${id}`)).status).toBe(200);
      // a body shorter than declared is never taken for whole: the client's close ends it with nothing stored
      const o3 = uid('order');
      const socket = connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(order(o3).slice(0, -5));
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await new Promise((r) => setTimeout(r, 50));
      expect((await secret(ctx.app, shop, 'GET', `/v1/orders/${o3}`)).status).toBe(404);
    });
  });
}
