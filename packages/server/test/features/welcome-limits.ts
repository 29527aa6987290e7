import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeListener } from '../../src/http/click-lane';
import { ORIGIN, secret, uid, type Json, type TestShop } from '../harness';
import { shopWithChain, type SuiteContext } from '../suite/context';

/**
 * Issue 14, item 5: the welcome-coupon pool cannot be emptied with the
 * publishable key. Over a real socket, each client on its own loopback
 * address (127.0.0.x), so the server sees real, different client IPs.
 */
export function welcomeLimitTests(ctx: SuiteContext) {
  describe('welcome coupons: only to visitors who came through the link, within daily caps', () => {
    let server: Server;
    let port: number;
    let nextHost = 0;
    /** A loopback address no earlier case of this run used. */
    const freshIp = () => {
      nextHost += 1;
      return `127.0.${Math.floor(nextHost / 250) + 10}.${(nextHost % 250) + 2}`;
    };

    beforeAll(async () => {
      server = createServer(nodeListener(ctx.app));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
    });

    /** One request from `from` (the client's own address). */
    const send = (from: string, method: string, path: string, body?: unknown): Promise<Json> =>
      new Promise((resolve, reject) => {
        const text = body === undefined ? undefined : JSON.stringify(body);
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path,
            method,
            localAddress: from,
            agent: false,
            headers: { origin: ORIGIN, ...(text ? { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)) } : {}) },
          },
          (res) => {
            let raw = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (raw += d));
            res.on('end', () => {
              const headers = new Headers();
              for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
              let parsed: unknown = raw;
              try {
                parsed = JSON.parse(raw);
              } catch {
                // not JSON
              }
              resolve({ status: res.statusCode ?? 0, body: parsed, headers });
            });
          },
        );
        req.on('error', reject);
        req.end(text);
      });

    const arrive = async (from: string, shop: TestShop, code: string, visitorId: string) => {
      const res = await send(from, 'POST', '/v1/track/click', { key: shop.pk, code, visitorId, eventId: uid('event'), url: `https://shop.example/?ref=${code}` });
      expect(res.status).toBe(202);
    };
    const welcome = (from: string, shop: TestShop, code: string, visitorId: string) =>
      send(from, 'GET', `/v1/public/welcome?key=${shop.pk}&code=${code}&visitorId=${visitorId}`);

    /** A shop with a distributor chain, a pool of `size` codes, and the referee reward on. */
    async function shopWithPool(size: number, settings: object = {}) {
      const chain = await shopWithChain(ctx);
      const codes = Array.from({ length: size }, (_, i) => `WELCOME-${i + 1}`);
      expect((await secret(ctx.app, chain.shop, 'POST', '/v1/referee-rewards/pool', { codes })).status).toBe(201);
      const patched = await secret(ctx.app, chain.shop, 'PATCH', '/v1/settings', { refereeRewardEnabled: true, ...settings });
      expect(patched.status).toBe(200);
      return chain;
    }
    const pool = async (shop: TestShop) => (await secret(ctx.app, shop, 'GET', '/v1/referee-rewards/pool')).body;

    test('made-up visitors get nothing: 20 invented visitor ids from 20 IPs leave the pool whole', async () => {
      const { shop, l1 } = await shopWithPool(20);
      const answers = await Promise.all(Array.from({ length: 20 }, () => welcome(freshIp(), shop, l1.code, uid('visitor'))));
      for (const a of answers) {
        expect(a.status).toBe(409);
        expect(a.body.error).toMatchObject({ code: 'no_referral_visit', details: { reason: 'no_referral_visit' } });
      }
      expect(await pool(shop)).toMatchObject({ available: 20, assigned: 0 });
      const coupons = await ctx.db.kysely.selectFrom('coupons').select('code').where('shop_id', '=', shop.id).execute();
      expect(coupons).toHaveLength(0);
    });

    test('a visit through another distributor\'s link, or one older than the attribution window, does not count', async () => {
      const { shop, l1, l2 } = await shopWithPool(5);
      const ip = freshIp();
      const viaParent = uid('visitor');
      await arrive(ip, shop, l2.code, viaParent);
      expect((await welcome(ip, shop, l1.code, viaParent)).status).toBe(409);
      // the visitor who came through l2 gets l2's welcome
      const ok = await welcome(ip, shop, l2.code, viaParent);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ reason: 'assigned', coupon: expect.stringMatching(/^WELCOME-/) });
      const old = uid('visitor');
      await arrive(freshIp(), shop, l1.code, old);
      ctx.clock.advanceDays(31);
      const late = await welcome(freshIp(), shop, l1.code, old);
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('no_referral_visit');
      expect(await pool(shop)).toMatchObject({ available: 4, assigned: 1 });
    });

    test('one coupon per visitor, and one per IP per day (429 with Retry-After until the next day)', async () => {
      const { shop, l1 } = await shopWithPool(10);
      const ip = freshIp();
      const [first, second] = [uid('visitor'), uid('visitor')];
      await arrive(ip, shop, l1.code, first);
      await arrive(ip, shop, l1.code, second);
      const got = await welcome(ip, shop, l1.code, first);
      expect(got.status).toBe(200);
      expect(got.body.reason).toBe('assigned');
      // the same visitor again, from anywhere: the same code, nothing more taken
      expect((await welcome(freshIp(), shop, l1.code, first)).body).toMatchObject({ coupon: got.body.coupon, reason: 'already_assigned' });
      const again = await welcome(ip, shop, l1.code, second);
      expect(again.status).toBe(429);
      expect(again.body.error).toMatchObject({ code: 'ip_daily_limit', details: { reason: 'ip_daily_limit', limit: 1 } });
      const retry = Number(again.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(86_400);
      expect(await pool(shop)).toMatchObject({ available: 9, assigned: 1 });
      // the next day the same IP may take one more
      ctx.clock.advanceDays(1);
      const nextDay = await welcome(ip, shop, l1.code, second);
      expect(nextDay.status).toBe(200);
      expect(nextDay.body.reason).toBe('assigned');
    });

    test('the per-distributor cap per day is the shop\'s setting (20 unless set) and holds under 30 concurrent requests', async () => {
      const { shop, l1, l2 } = await shopWithPool(40);
      expect((await secret(ctx.app, shop, 'GET', '/v1/settings')).body).toMatchObject({ welcomeDailyCapPerDistributor: 20, welcomeDailyCapPerIp: 1 });
      const patched = await secret(ctx.app, shop, 'PATCH', '/v1/settings', { welcomeDailyCapPerDistributor: 5 });
      expect(patched.body).toMatchObject({ refereeRewardEnabled: true, welcomeDailyCapPerDistributor: 5, welcomeDailyCapPerIp: 1 });
      expect((await secret(ctx.app, shop, 'PATCH', '/v1/settings', { welcomeDailyCapPerDistributor: 0 })).status).toBe(422);

      const visitors = Array.from({ length: 30 }, () => ({ ip: freshIp(), visitorId: uid('visitor') }));
      for (const v of visitors) await arrive(v.ip, shop, l1.code, v.visitorId);
      const answers = await Promise.all(visitors.map((v) => welcome(v.ip, shop, l1.code, v.visitorId)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25);
      for (const a of answers.filter((x) => x.status === 429)) {
        expect(a.body.error).toMatchObject({ code: 'distributor_daily_limit', details: { reason: 'distributor_daily_limit', limit: 5 } });
      }
      expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.body.coupon)).size).toBe(5);
      expect(await pool(shop)).toMatchObject({ available: 35, assigned: 5 });

      // another distributor's cap is their own
      const other = { ip: freshIp(), visitorId: uid('visitor') };
      await arrive(other.ip, shop, l2.code, other.visitorId);
      expect((await welcome(other.ip, shop, l2.code, other.visitorId)).status).toBe(200);

      // the next day l1's visitors may have five more
      ctx.clock.advanceDays(1);
      const refused = visitors.filter((_, i) => answers[i]!.status === 429);
      const later = await Promise.all(refused.slice(0, 8).map((v) => welcome(v.ip, shop, l1.code, v.visitorId)));
      expect(later.filter((a) => a.status === 200)).toHaveLength(5);
      expect(later.filter((a) => a.status === 429)).toHaveLength(3);
    });
  });
}
