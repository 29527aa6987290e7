import { describe, expect, test } from 'vitest';
import { browser, secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from './context';

export function orderTests(ctx: SuiteContext) {
  describe('orders', () => {
    test('an explicit code pays level 1 and its parent level 2, with explanations; the ledger holds them pending', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      const res = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code, shipping: 800, tax: 300 }, 2));
      expect(res.status).toBe(201);
      expect(res.body.order).toMatchObject({ base: 20_000, totalPaid: 21_100, attribution: { code: l1.code, distributorId: l1.id, source: 'explicit', selfPurchase: false } });
      expect(res.body.commissions.map((c: any) => [c.level, c.distributorId, c.amount, c.status])).toEqual([
        [1, l1.id, 2000, 'pending'],
        [2, l2.id, 1000, 'pending'],
      ]);
      expect(res.body.commissions[0].explanation.lines[0]).toMatchObject({ sku: 'tea-longjing', rate: { percentBps: 1000 } });
      const bal = await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`);
      expect(bal.body).toMatchObject({ currency: 'CNY', pending: 2000, available: 0, paid: 0 });
    });

    test('a replay returns the first result with 200; other content under the same id is 409 and writes nothing', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      const id = uid('o');
      const first = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(id, { referralCode: l1.code }));
      const again = await secret(ctx.app, shop, 'POST', '/v1/orders', { ...orderBody(id, { referralCode: l1.code }) });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(id, { referralCode: l1.code }, 3));
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('idempotency_conflict');
      const list = await secret(ctx.app, shop, 'GET', `/v1/commissions?orderId=${id}`);
      expect(list.body.data).toHaveLength(2);
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body.pending).toBe(1000);
    });

    test('attribution: the visitor\'s click, then the binding it created, organic without either', async () => {
      const { shop, l1 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, binding: { mode: 'days', days: 30 } });
      const visitorId = uid('visitor');
      const click = await browser(ctx.app, 'POST', '/v1/track/click', { key: shop.pk, code: l1.code, visitorId, eventId: uid('event'), url: `https://shop.example/?ref=${l1.code}` });
      expect(click.status).toBe(202);
      ctx.clock.advanceDays(1);
      const viaTouch = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { visitorId, customer: { id: 'cust-1' } }));
      expect(viaTouch.body.order.attribution).toMatchObject({ code: l1.code, source: 'touch' });
      const viaBinding = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { customer: { id: 'cust-1' } }));
      expect(viaBinding.body.order.attribution).toMatchObject({ code: l1.code, source: 'binding' });
      const organic = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { customer: { id: 'cust-2' } }));
      expect(organic.body.order.attribution).toBeNull();
      expect(organic.body.commissions).toEqual([]);
    });

    test('never deeper than two levels; a one-level program pays level 1 only; suspended parents pass nothing up', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      const grandchild = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'G', code: uid('g'), parentCode: l1.code })).body;
      const deep = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: grandchild.code }));
      expect(deep.body.commissions.map((c: any) => c.distributorId)).toEqual([grandchild.id, l1.id]);
      expect(deep.body.commissions.map((c: any) => c.distributorId)).not.toContain(l2.id);
      await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l1.id}`, { status: 'suspended' });
      const suspendedParent = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: grandchild.code }));
      expect(suspendedParent.body.commissions.filter((c: any) => c.amount > 0).map((c: any) => c.level)).toEqual([1]);
      await secret(ctx.app, shop, 'PUT', '/v1/program', { levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 } });
      const oneLevel = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l2.code }));
      expect(oneLevel.body.commissions.filter((c: any) => c.amount > 0).map((c: any) => c.level)).toEqual([1]);
    });

    test('self-purchase earns nothing unless the program allows it', async () => {
      const { shop, l1 } = await shopWithChain(ctx);
      await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l1.id}`, { email: 'me@example.com' });
      const own = await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code, customer: { email: 'me@example.com' } }));
      expect(own.status).toBe(201);
      expect(own.body.order.attribution).toBeNull();
      expect(own.body.commissions).toEqual([]);
    });

    test('refunds: partial then full reverse exactly what was earned; replays are 200; conflicts 409; too much is 422', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx);
      const id = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(id, { referralCode: l1.code, shipping: 1000 }, 3));
      const part = await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r1`, items: [{ sku: 'tea-longjing', quantity: 1 }] });
      expect(part.status).toBe(201);
      expect(part.body.reversals.map((r: any) => [r.level, r.amount, r.clawback])).toEqual([
        [1, 1000, false],
        [2, 500, false],
      ]);
      const replay = await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r1`, items: [{ sku: 'tea-longjing', quantity: 1 }] });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(part.body);
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r1`, amount: 5 })).status).toBe(409);
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r2`, amount: 10_000_000 })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r2` })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/missing/refunds`, { id: 'rx', amount: 1 })).status).toBe(404);
      const rest = await secret(ctx.app, shop, 'POST', `/v1/orders/${id}/refunds`, { id: `${id}-r3`, amount: 21_000 });
      expect(rest.status).toBe(201);
      expect(rest.body.reversals.map((r: any) => r.cumulative)).toEqual([3000, 1500]);
      const commissions = (await secret(ctx.app, shop, 'GET', `/v1/commissions?orderId=${id}`)).body.data;
      expect(commissions.every((c: any) => c.status === 'reversed' && c.reversed === c.amount)).toBe(true);
      for (const d of [l1, l2]) {
        expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${d.id}/balance`)).body).toMatchObject({ pending: 0, available: 0 });
      }
    });
  });
}
