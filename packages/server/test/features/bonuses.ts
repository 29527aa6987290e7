import { describe, expect, test } from 'vitest';
import { secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from '../suite/context';

const program = {
  levels: 2,
  defaultRates: { level1Bps: 1000, level2Bps: 500 },
  holdDays: 3,
  bonusPeriod: 'month',
  grades: [
    { id: 'silver', name: 'Silver', level1Bps: 1200, level2Bps: 500 },
    { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 600, upgradeAtSales: 25_000 },
  ],
  performanceBonus: [
    { threshold: 20_000, bonusBps: 100 },
    { threshold: 100_000, bonusBps: 300 },
  ],
  teamBonus: [{ threshold: 10_000, amount: 500 }],
};

export function bonusTests(ctx: SuiteContext) {
  describe('grades and period bonuses', () => {
    test('a distributor moves up when own sales in the period reach upgradeAtSales, and later orders use the new grade', async () => {
      const { shop, l1 } = await shopWithChain(ctx, program);
      const first = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }, 2));
      expect(first.body.commissions.find((c: any) => c.level === 1).amount).toBe(2000);
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}`)).body.grade).toBeNull();
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }, 1));
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}`)).body.grade).toBe('gold');
      const after = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }, 1));
      expect(after.body.commissions.find((c: any) => c.level === 1).amount).toBe(1500);
    });

    test('performance and team bonuses are paid once per closed period, with explanations; team looks at direct recruits only', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx, program);
      const top = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Zhao Lei', code: uid('top') })).body;
      expect((await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l2.id}`, { parentId: top.id })).status).toBe(200);
      for (let i = 0; i < 3; i++) await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      // a refunded half of one order lowers the measured sales
      const refunded = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(refunded, { referralCode: l1.code }));
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/${refunded}/refunds`, { id: uid('r'), amount: 5_000 })).status).toBe(201);

      // the period (March) is still open
      expect((await secret(ctx.app, shop, 'POST', '/v1/bonuses/run')).body.periods).toEqual([]);
      ctx.clock.advanceDays(31); // April 1st: March has ended, its 3 hold days have not
      expect((await secret(ctx.app, shop, 'POST', '/v1/bonuses/run')).body.periods).toEqual([]);
      ctx.clock.advanceDays(3);
      const runs = await Promise.all([1, 2, 3].map(() => secret(ctx.app, shop, 'POST', '/v1/bonuses/run')));
      const periods = runs.flatMap((r) => r.body.periods);
      expect(periods).toEqual([{ period: 'month:2026-03-01', distributors: 2, total: 350 + 500 }]);

      const bonuses = (await secret(ctx.app, shop, 'GET', '/v1/bonuses?period=month:2026-03-01')).body.data;
      expect(bonuses).toHaveLength(2);
      const perf = bonuses.find((b: any) => b.kind === 'performance');
      expect(perf).toMatchObject({ distributorId: l1.id, sales: 35_000, amount: 350 });
      expect(perf.explanation).toMatch(/35000/);
      const team = bonuses.find((b: any) => b.kind === 'team');
      expect(team).toMatchObject({ distributorId: l2.id, sales: 35_000, amount: 500 });
      // the grandparent recruited l2, who sold nothing: no team bonus for l1's sales
      expect(bonuses.some((b: any) => b.distributorId === top.id)).toBe(false);

      const balance = (await secret(ctx.app, shop, 'GET', `/v1/distributors/${l2.id}/balance`)).body;
      expect(balance.available).toBe(500);
      expect((await secret(ctx.app, shop, 'POST', '/v1/bonuses/run')).body.periods).toEqual([]);
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l2.id}/balance`)).body.available).toBe(500);
    });

    test('a suspended distributor earns no bonus', async () => {
      const { shop, l1 } = await shopWithChain(ctx, { ...program, teamBonus: [] });
      for (let i = 0; i < 3; i++) await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l1.id}`, { status: 'suspended' });
      ctx.clock.advanceDays(40);
      const run = await secret(ctx.app, shop, 'POST', '/v1/bonuses/run');
      expect(run.body.periods).toHaveLength(1);
      expect(run.body.periods[0].total).toBe(0);
    });
  });
}
