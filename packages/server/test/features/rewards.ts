import { describe, expect, test } from 'vitest';
import { browser, secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from '../suite/context';

const welcome = (ctx: SuiteContext, pk: string, code: string, visitorId: string, headers: Record<string, string> = {}) =>
  browser(ctx.app, 'GET', `/v1/public/welcome?key=${pk}&code=${code}&visitorId=${visitorId}`, undefined, headers);

export function rewardTests(ctx: SuiteContext) {
  describe('referee reward: welcome coupons from the shop pool', () => {
    test('one code per visitor, never one code twice, and the code attributes orders to the distributor', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      // a code that is already a distributor's coupon never enters the pool
      await ctx.db.kysely.insertInto('coupons').values({ shop_id: shop.id, code: 'TAKEN-1', distributor_id: l2.id, created_at: 0 }).execute();
      const codes = ['WELCOME-A', 'WELCOME-B', 'WELCOME-C', 'WELCOME-D', 'WELCOME-A', 'TAKEN-1'];
      const up = await secret(ctx.app, shop, 'POST', '/v1/referee-rewards/pool', { codes });
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ enabled: false, added: 4, skipped: ['TAKEN-1'], available: 4, assigned: 0 });

      const off = await welcome(ctx, shop.pk, l1.code, uid('visitor'));
      expect(off.body).toMatchObject({ coupon: null, reason: 'disabled', distributor: { code: l1.code, displayName: 'Wang Fang' } });
      // every request here comes from one address (in-process): this case is about the pool, so the per-IP cap is raised
      expect((await secret(ctx.app, shop, 'PATCH', '/v1/settings', { refereeRewardEnabled: true, welcomeDailyCapPerIp: 100 })).body.refereeRewardEnabled).toBe(true);

      const same = uid('visitor');
      const visitors = [same, same, same, ...Array.from({ length: 9 }, () => uid('visitor'))];
      // each visitor arrived through l1's link (welcome-limits.ts: without that visit there is no coupon)
      for (const v of new Set(visitors)) {
        expect((await browser(ctx.app, 'POST', '/v1/track/click', { key: shop.pk, code: l1.code, visitorId: v, eventId: uid('event'), url: 'https://shop.example/' })).status).toBe(202);
      }
      const answers = await Promise.all(visitors.map((v) => welcome(ctx, shop.pk, l1.code, v)));
      for (const a of answers) expect(a.status).toBe(200);
      const mine = answers.slice(0, 3).map((a) => a.body.coupon);
      expect(mine[0]).toMatch(/^WELCOME-/);
      expect(new Set(mine).size).toBe(1);
      const handed = answers.map((a, i) => [visitors[i], a.body.coupon] as const).filter(([, c]) => c !== null);
      const byCode = new Map<string, Set<string>>();
      for (const [v, c] of handed) byCode.set(c, (byCode.get(c) ?? new Set()).add(v!));
      expect(byCode.size).toBe(4);
      for (const owners of byCode.values()) expect(owners.size).toBe(1);
      expect(answers.filter((a) => a.body.reason === 'pool_empty')).toHaveLength(12 - 3 - 3);
      expect((await welcome(ctx, shop.pk, l1.code, same)).body).toMatchObject({ coupon: mine[0], reason: 'already_assigned' });
      expect((await secret(ctx.app, shop, 'GET', '/v1/referee-rewards/pool')).body).toMatchObject({ enabled: true, available: 0, assigned: 4 });

      const order = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { couponCode: mine[0] }));
      expect(order.status).toBe(201);
      expect(order.body.order.attribution).toMatchObject({ distributorId: l1.id, source: 'coupon' });
    });

    test('unknown codes, other origins and secret keys are refused', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      expect((await welcome(ctx, shop.pk, 'nobody-here', uid('visitor'))).status).toBe(404);
      expect((await welcome(ctx, shop.pk, l1.code, uid('visitor'), { origin: 'https://evil.example' })).status).toBe(403);
      expect((await welcome(ctx, shop.pk, l1.code, 'x')).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', '/v1/referee-rewards/pool', { codes: ['bad code!'] })).status).toBe(422);
      const asBrowser = await browser(ctx.app, 'POST', '/v1/referee-rewards/pool', { codes: ['OK-CODE'] }, { authorization: `Bearer ${shop.pk}` });
      expect(asBrowser.status).toBe(403);
    });
  });
}
