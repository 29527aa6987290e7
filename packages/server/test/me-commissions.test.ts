import { signIdentityToken } from '@twotier/core';
import { myCommissionPageSchema } from '@twotier/core/schema';
import { describe, expect, test } from 'vitest';
import { browser, createTestShop, postgresFactory, postgresReachable, secret, sqliteFactory, uid, type DbFactory } from './harness';
import { orderBody, useSuiteContext } from './suite/context';

const pgUp = await postgresReachable();

// What the share panel needs to explain a line of earnings: the recruit of a level-2 line, the refunds that took one back.
for (const [name, factory, enabled] of [
  ['sqlite', sqliteFactory, true],
  ['postgres', postgresFactory, pgUp || process.env.CI === 'true'],
] as [string, () => DbFactory, boolean][]) {
  describe.runIf(enabled)(`GET /v1/me/commissions on ${name}`, () => {
    const ctx = useSuiteContext(factory);

    test('level-2 lines name the recruit; reversed lines list the refunds that took them back', async () => {
      const shop = await createTestShop(ctx.app, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 7 });
      const identityToken = await signIdentityToken(shop.sk, { userId: 'u-boss', name: 'Boss', exp: Math.floor(ctx.clock.ms / 1000) + 600 });
      const session = (await browser(ctx.app, 'POST', '/v1/sessions', { key: shop.pk, identityToken })).body.session as string;
      const me = (method: string, path: string, body?: unknown) => browser(ctx.app, method, path, body, { authorization: `Bearer ${session}` });
      const boss = (await me('POST', '/v1/me/join', { acceptTerms: true })).body.distributor;
      const bob = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Bob 王', parentCode: boss.code })).body;
      const viaBob = uid('o');
      const own = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(viaBob, { referralCode: bob.code }, 2));
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(own, { referralCode: boss.code }));
      // Two refunds of the boss's own sale: 2,500 then 7,500 of 10,000.
      const r1 = uid('r');
      const r2 = uid('r');
      await secret(ctx.app, shop, 'POST', `/v1/orders/${own}/refunds`, { id: r1, amount: 2500 });
      ctx.clock.ms += 1000;
      await secret(ctx.app, shop, 'POST', `/v1/orders/${own}/refunds`, { id: r2, amount: 7500 });

      const res = await me('GET', '/v1/me/commissions');
      expect(res.status).toBe(200);
      expect(myCommissionPageSchema.safeParse(res.body).success).toBe(true);
      const byOrder = Object.fromEntries(res.body.data.map((c: any) => [c.orderId, c]));
      expect(byOrder[viaBob]).toMatchObject({ level: 2, amount: 1000, reversed: 0, recruit: { id: bob.id, displayName: 'Bob 王' } });
      expect(byOrder[viaBob].refunds).toBeUndefined();
      expect(byOrder[own]).toMatchObject({ level: 1, amount: 1000, reversed: 1000, status: 'reversed' });
      expect(byOrder[own].recruit).toBeUndefined();
      expect(byOrder[own].refunds.map((r: any) => [r.id, r.amount])).toEqual([
        [r1, 250],
        [r2, 750],
      ]);
      expect(byOrder[own].availableAt).toEqual(expect.any(String));
    });
  });
}
