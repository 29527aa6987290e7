import { describe, expect, test } from 'vitest';
import { secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from './context';

export function ledgerTests(ctx: SuiteContext) {
  describe('ledger, settlement and withdrawals', () => {
    test('settlement moves pending to available after holdDays, exactly once', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 10 });
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      ctx.clock.advanceDays(9);
      expect((await secret(ctx.app, shop, 'POST', '/v1/settlements')).body).toEqual({ settled: 0, amount: 0 });
      ctx.clock.advanceDays(1);
      const [a, b] = await Promise.all([secret(ctx.app, shop, 'POST', '/v1/settlements'), secret(ctx.app, shop, 'POST', '/v1/settlements')]);
      expect(a.body.settled + b.body.settled).toBe(2);
      expect(a.body.amount + b.body.amount).toBe(1500);
      expect((await secret(ctx.app, shop, 'POST', '/v1/settlements')).body.settled).toBe(0);
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ pending: 0, available: 1000 });
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l2.id}/balance`)).body).toMatchObject({ pending: 0, available: 500 });
      const available = await secret(ctx.app, shop, 'GET', `/v1/commissions?distributorId=${l1.id}&status=available`);
      expect(available.body.data).toHaveLength(1);
    });

    test('withdrawals: minimum, at most available, approve, paid with reference, reject returns the money, CSV export', async () => {
      const { shop, l1 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0, minWithdrawal: 100 });
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }, 3));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      const tooSmall = await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 99 });
      expect(tooSmall.status).toBe(422);
      expect(tooSmall.body.error.code).toBe('below_minimum');
      const tooMuch = await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 3001 });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.error.code).toBe('insufficient_balance');
      const w1 = (await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 2000 })).body;
      const w2 = (await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1000 })).body;
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ available: 0, inWithdrawal: 3000 });
      expect((await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w1.id}/paid`, { reference: 'x' })).status).toBe(409);
      expect((await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w1.id}/approve`)).body.status).toBe('approved');
      const csv = await secret(ctx.app, shop, 'GET', '/v1/withdrawals.csv?status=approved');
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = (csv.body as string).trim().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`${w1.id},${l1.id},${l1.code},Wang Fang`);
      expect(lines[1]).toContain(',CNY,2000,2000,20.00,approved,');
      expect((await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w1.id}/paid`, {})).status).toBe(422);
      const paid = await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w1.id}/paid`, { reference: 'ALIPAY-2026-0001' });
      expect(paid.body).toMatchObject({ status: 'paid', reference: 'ALIPAY-2026-0001' });
      const rejected = await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w2.id}/reject`, { reason: 'account details missing' });
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'account details missing' });
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ available: 1000, inWithdrawal: 0, paid: 2000 });
      const listed = await secret(ctx.app, shop, 'GET', '/v1/withdrawals?status=paid');
      expect(listed.body.data.map((w: any) => w.id)).toEqual([w1.id]);
      expect((await secret(ctx.app, shop, 'POST', `/v1/withdrawals/wdr_missing/approve`)).status).toBe(404);
    });

    test('withdrawals: the fee is kept from the amount, and the limit of requests per period holds (rejected ones do not count)', async () => {
      const { shop, l1 } = await shopWithChain(ctx, {
        levels: 2,
        defaultRates: { level1Bps: 1000, level2Bps: 500 },
        holdDays: 0,
        withdrawalFee: { bps: 60, fixed: 100 },
        withdrawalLimit: { count: 2, period: 'month' },
      });
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }, 3));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      // 0.6% of 12.50 = 0.075 → 0.08 (half to even: 7.5 → 8) plus a fixed 1.00 = 1.08 kept; 11.42 paid out.
      const w1 = (await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1250 })).body;
      expect(w1).toMatchObject({ amount: 1250, fee: 108, net: 1142 });
      const w2 = (await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 500 })).body;
      expect(w2).toMatchObject({ amount: 500, fee: 103, net: 397 });
      const third = await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 500 });
      expect(third.status).toBe(409);
      expect(third.body.error.code).toBe('withdrawal_limit');
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ available: 1250, inWithdrawal: 1750 });
      await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w2.id}/reject`, { reason: 'duplicate' });
      expect((await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 500 })).status).toBe(201);
      const csv = await secret(ctx.app, shop, 'GET', '/v1/withdrawals.csv?status=requested');
      expect(csv.body as string).toContain(',CNY,1250,1142,11.42,requested,');
    });

    test('a refund after payout claws back: balance negative, withdrawals blocked until later earnings cover it', async () => {
      const { shop, l1 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
      const id = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(id, { referralCode: l1.code }, 2));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      const w = (await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 2000 })).body;
      await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w.id}/approve`);
      await secret(ctx.app, shop, 'POST', `/v1/withdrawals/${w.id}/paid`, { reference: 'BANK-1' });
      const refund = await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r`, items: [{ sku: 'tea-longjing', quantity: 2 }] });
      expect(refund.body.reversals[0]).toMatchObject({ level: 1, amount: 2000, clawback: true });
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ available: -2000, paid: 2000 });
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      const blocked = await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1 });
      expect(blocked.status).toBe(409);
      expect(blocked.body.error.code).toBe('negative_balance');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }, 2));
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body.available).toBe(1000);
      expect((await secret(ctx.app, shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1000 })).status).toBe(201);
      const entries = await ctx.db.kysely.selectFrom('ledger_entries').select(['kind', 'amount']).where('shop_id', '=', shop.id).where('distributor_id', '=', l1.id).execute();
      expect(entries.some((e) => e.kind === 'clawback' && Number(e.amount) === -2000)).toBe(true);
    });
  });
}
