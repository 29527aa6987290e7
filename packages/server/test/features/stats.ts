import { describe, expect, test } from 'vitest';
import { pruneClicks } from '../../src/stats/prune-clicks';
import { browser, secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from '../suite/context';

const click = (pk: string, code: string) => ({ key: pk, code, visitorId: uid('visitor'), eventId: uid('event'), url: 'https://shop.example/tea' });

export function statsTests(ctx: SuiteContext) {
  describe('stats from daily rollups; pruning of raw clicks', () => {
    test('clicks per day and distributor survive pruning of the raw clicks; order stats come from rollups', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      const day1 = new Date(ctx.clock.ms).toISOString().slice(0, 10);
      const first = click(shop.pk, l1.code);
      const sent = [first, first, click(shop.pk, l1.code), click(shop.pk, l2.code)];
      for (const body of sent) expect((await browser(ctx.app, 'POST', '/v1/track/click', body)).status).toBe(202);
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      ctx.clock.advanceDays(1);
      const day2 = new Date(ctx.clock.ms).toISOString().slice(0, 10);
      await browser(ctx.app, 'POST', '/v1/track/click', click(shop.pk, l2.code));

      const byDay = await secret(ctx.app, shop, 'GET', `/v1/stats/clicks?groupBy=day&from=${day1}&to=${day2}`);
      expect(byDay.body.rows).toEqual([
        { key: day1, clicks: 3 },
        { key: day2, clicks: 1 },
      ]);
      const byDistributor = await secret(ctx.app, shop, 'GET', '/v1/stats/clicks?groupBy=distributor');
      expect(byDistributor.body.rows.map((r: any) => [r.key, r.clicks]).sort()).toEqual([[l1.id, 2], [l2.id, 2]].sort());

      const tooShort = await secret(ctx.app, shop, 'PATCH', '/v1/settings', { clickRetentionDays: 7 });
      expect(tooShort.status).toBe(422);
      expect(tooShort.body.error.code).toBe('retention_shorter_than_window');
      expect((await secret(ctx.app, shop, 'PATCH', '/v1/settings', { clickRetentionDays: 30 })).body.clickRetentionDays).toBe(30);
      ctx.clock.advanceDays(29);
      expect(await pruneClicks(ctx.db, ctx.clock.ms)).toBe(0);
      ctx.clock.advanceDays(1);
      const pruned = await pruneClicks(ctx.db, ctx.clock.ms);
      expect(pruned).toBeGreaterThanOrEqual(3);
      const left = await ctx.db.kysely.selectFrom('touches').select('event_id').where('shop_id', '=', shop.id).execute();
      expect(left).toHaveLength(1);
      expect((await secret(ctx.app, shop, 'GET', `/v1/stats/clicks?groupBy=day&from=${day1}&to=${day2}`)).body.rows).toEqual(byDay.body.rows);
      const orders = await secret(ctx.app, shop, 'GET', `/v1/stats?groupBy=distributor&from=${day1}`);
      expect(orders.body.rows).toEqual([{ key: l1.id, orders: 1, sales: 10_000, commissions: 1500 }]);
      expect((await secret(ctx.app, shop, 'GET', '/v1/stats/clicks?groupBy=hour')).status).toBe(422);
      expect((await secret(ctx.app, shop, 'PATCH', '/v1/settings', { clickRetentionDays: 0 })).status).toBe(422);
    });
  });
}
