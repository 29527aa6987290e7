import { describe, expect, test } from 'vitest';
import { secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from './context';

export function couponAndStatsTests(ctx: SuiteContext) {
  describe('coupons and stats', () => {
    test('a distributor coupon attributes the order; a coupon of another distributor is 409', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      const code = uid('SPRING').toUpperCase();
      const created = await secret(ctx.app, shop, 'POST', '/v1/coupons', { code, distributorId: l1.id });
      expect(created.status).toBe(201);
      expect((await secret(ctx.app, shop, 'POST', '/v1/coupons', { code, distributorId: l1.id })).status).toBe(200);
      expect((await secret(ctx.app, shop, 'POST', '/v1/coupons', { code, distributorId: l2.id })).status).toBe(409);
      expect((await secret(ctx.app, shop, 'POST', '/v1/coupons', { code: 'X2', distributorId: 'dst_missing' })).status).toBe(404);
      const order = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { couponCode: code }));
      expect(order.body.order.attribution).toMatchObject({ code: l1.code, source: 'coupon' });
      const explicitWins = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { couponCode: code, referralCode: l2.code }));
      expect(explicitWins.body.order.attribution.code).toBe(l2.code);
      const listed = await secret(ctx.app, shop, 'GET', `/v1/coupons?distributorId=${l1.id}`);
      expect(listed.body.data.map((c: any) => c.code)).toEqual([code]);
    });

    test('stats by day, distributor, product and region count attributed orders (not those refunded in full), sales and net commissions', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      const day1 = new Date(ctx.clock.ms).toISOString().slice(0, 10);
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code, region: 'CN-ZJ' }, 2));
      await secret(ctx.app, shop, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: l2.code, region: 'CN-SH', items: [{ sku: 'cup', quantity: 1, unitPrice: 5000 }] });
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o')));
      ctx.clock.advanceDays(1);
      const refunded = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(refunded, { referralCode: l1.code, region: 'CN-ZJ' }));
      await secret(ctx.app, shop, 'POST', `/v1/orders/${refunded}/refunds`, { id: uid('r'), amount: 10_000 });
      const day2 = new Date(ctx.clock.ms).toISOString().slice(0, 10);

      const byDay = await secret(ctx.app, shop, 'GET', `/v1/stats?groupBy=day&from=${day1}&to=${day2}`);
      // day 2's only sale was refunded in full: no order, no sales, no row (docs/figures.md)
      expect(byDay.body.rows).toEqual([{ key: day1, orders: 2, sales: 25_000, commissions: 2000 + 1000 + 500 }]);
      const onlyDay1 = await secret(ctx.app, shop, 'GET', `/v1/stats?groupBy=day&from=${day1}&to=${day1}`);
      expect(onlyDay1.body.rows).toHaveLength(1);
      const byDistributor = await secret(ctx.app, shop, 'GET', '/v1/stats?groupBy=distributor');
      expect(byDistributor.body.rows).toEqual([
        { key: l1.id, orders: 1, sales: 20_000, commissions: 3000 },
        { key: l2.id, orders: 1, sales: 5000, commissions: 500 },
      ]);
      const byRegion = await secret(ctx.app, shop, 'GET', '/v1/stats?groupBy=region');
      expect(byRegion.body.rows.map((r: any) => [r.key, r.orders])).toEqual([['CN-ZJ', 1], ['CN-SH', 1]]);
      const byProduct = await secret(ctx.app, shop, 'GET', '/v1/stats?groupBy=product');
      expect(byProduct.body.rows.map((r: any) => [r.key, r.orders, r.sales])).toEqual([['tea-longjing', 1, 20_000], ['cup', 1, 5000]]);
      expect((await secret(ctx.app, shop, 'GET', '/v1/stats?groupBy=week')).status).toBe(422);
    });
  });
}
