import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeListener } from '../../src/http/click-lane';
import { OPERATOR, ORIGIN, uid, type TestShop } from '../harness';
import type { SuiteContext } from './context';

const WHSEC = 'whsec_currency_test_0123456789';

/** Money in another currency is never counted as the shop's (issue 14, item 1), over a real socket. */
export function currencyTests(ctx: SuiteContext) {
  describe('currencies (over a real socket)', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer(nodeListener(ctx.app));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
    });

    const call = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: any = text;
      try {
        json = JSON.parse(text);
      } catch {
        // CSV and other text answers stay text
      }
      return { status: res.status, body: json };
    };
    const sk = (shop: TestShop, method: string, path: string, body?: unknown) => call(method, path, body, { authorization: `Bearer ${shop.sk}` });

    /** A shop accepting `currencies` (the first its default) with distributor `l1` recruited by `l2`, holdDays 0. */
    const makeShop = async (shopFields: object, program: object = {}) => {
      const created = await call('POST', '/v1/shops', { name: 'Currency Tea', allowedOrigins: [ORIGIN], ...shopFields }, { authorization: `Bearer ${OPERATOR}` });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const shop: TestShop = { id: created.body.id, pk: created.body.publishableKey, sk: created.body.secretKey };
      const put = await sk(shop, 'PUT', '/v1/program', { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0, ...program });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const l2 = (await sk(shop, 'POST', '/v1/distributors', { name: 'Li Na', code: uid('p') })).body;
      const l1 = (await sk(shop, 'POST', '/v1/distributors', { name: 'Wang Fang', code: uid('c'), parentCode: l2.code })).body;
      return { shop, created: created.body, l1, l2 };
    };
    const order = (id: string, currency: string, code: string, unitPrice = 10_000) => ({
      id,
      currency,
      referralCode: code,
      items: [{ sku: 'tea', quantity: 1, unitPrice }],
    });
    const written = async (shopId: string) => {
      const count = async (table: 'orders' | 'commissions' | 'ledger_entries' | 'conversions' | 'refunds') =>
        Number((await ctx.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).executeTakeFirstOrThrow()).n);
      return { orders: await count('orders'), commissions: await count('commissions'), ledger: await count('ledger_entries'), conversions: await count('conversions'), refunds: await count('refunds') };
    };

    test('a CNY shop refuses orders in USD, IDR, XXX and lower-case usd: 422 currency_mismatch, nothing written; "cny" is CNY', async () => {
      const { shop, l1 } = await makeShop({ currency: 'CNY' });
      expect((await sk(shop, 'GET', '/v1/shop')).body).toMatchObject({ currency: 'CNY', currencies: ['CNY'] });
      for (const currency of ['USD', 'IDR', 'XXX', 'usd', ' jpy ']) {
        const res = await sk(shop, 'POST', '/v1/orders', order(uid('o'), currency, l1.code));
        expect(res.status, `${currency}: ${JSON.stringify(res.body)}`).toBe(422);
        expect(res.body.error.code).toBe('currency_mismatch');
        expect(res.body.error.details.accepted).toEqual(['CNY']);
      }
      expect(await written(shop.id)).toEqual({ orders: 0, commissions: 0, ledger: 0, conversions: 0, refunds: 0 });
      const ok = await sk(shop, 'POST', '/v1/orders', order(uid('o'), 'cny', l1.code));
      expect(ok.status).toBe(201);
      expect(ok.body.order.currency).toBe('CNY');
      expect(ok.body.commissions.map((c: any) => c.currency)).toEqual(['CNY', 'CNY']);
      const balance = (await sk(shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(balance).toMatchObject({ currency: 'CNY', pending: 1000 });
    });

    test('a refund naming another currency than its order is 422 currency_mismatch; naming the order currency (any case) is the same refund', async () => {
      const { shop, l1 } = await makeShop({ currency: 'CNY' });
      const id = uid('o');
      expect((await sk(shop, 'POST', '/v1/orders', order(id, 'CNY', l1.code))).status).toBe(201);
      const usd = await sk(shop, 'POST', `/v1/orders/${id}/refunds`, { id: 'r1', amount: 5000, currency: 'USD' });
      expect(usd.status).toBe(422);
      expect(usd.body.error.code).toBe('currency_mismatch');
      expect((await written(shop.id)).refunds).toBe(0);
      const cny = await sk(shop, 'POST', `/v1/orders/${id}/refunds`, { id: 'r1', amount: 5000, currency: 'cny' });
      expect(cny.status).toBe(201);
      const replay = await sk(shop, 'POST', `/v1/orders/${id}/refunds`, { id: 'r1', amount: 5000 });
      expect(replay.status).toBe(200);
    });

    test('a browser conversion in a currency the shop does not accept is 422 currency_mismatch and not stored', async () => {
      const { shop } = await makeShop({ currency: 'CNY' });
      const body = { key: shop.pk, eventId: uid('event'), visitorId: uid('visitor'), orderId: 'o-1', amount: 1999, currency: 'USD' };
      const res = await call('POST', '/v1/track/conversion', JSON.stringify(body), { origin: ORIGIN, 'content-type': 'text/plain' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('currency_mismatch');
      expect((await written(shop.id)).conversions).toBe(0);
      const cny = await call('POST', '/v1/track/conversion', JSON.stringify({ ...body, currency: 'cny' }), { origin: ORIGIN, 'content-type': 'text/plain' });
      expect(cny.status).toBe(202);
    });

    test('a Stripe Checkout Session paid in usd is refused by a CNY shop (422 currency_mismatch, nothing written); in cny it is the order', async () => {
      const { shop, l1 } = await makeShop({ currency: 'CNY' });
      expect((await sk(shop, 'PUT', '/v1/integrations/stripe', { signingSecret: WHSEC })).status).toBe(200);
      const session = (currency: string) =>
        JSON.stringify({
          id: uid('evt'),
          type: 'checkout.session.completed',
          data: { object: { id: uid('cs'), amount_total: 10_000, currency, payment_status: 'paid', payment_intent: uid('pi'), metadata: { twotier_ref: l1.code } } },
        });
      const post = (payload: string) => {
        const t = Math.floor(ctx.clock.ms / 1000);
        const v1 = createHmac('sha256', WHSEC).update(`${t}.${payload}`).digest('hex');
        return call('POST', `/v1/integrations/stripe/${shop.id}/webhook`, payload, { 'stripe-signature': `t=${t},v1=${v1}` });
      };
      const usd = await post(session('usd'));
      expect(usd.status).toBe(422);
      expect(usd.body.error.code).toBe('currency_mismatch');
      expect(await written(shop.id)).toEqual({ orders: 0, commissions: 0, ledger: 0, conversions: 0, refunds: 0 });
      const cny = await post(session('cny'));
      expect(cny.status).toBe(200);
      expect(cny.body.result).toMatchObject({ kind: 'order', status: 201 });
    });

    test('shops: currency codes are ISO 4217, upper-cased; currencies lists the accepted ones, the first the default', async () => {
      const op = (body: object) => call('POST', '/v1/shops', { name: 'S', ...body }, { authorization: `Bearer ${OPERATOR}` });
      expect((await op({ currency: 'XXX' })).status).toBe(422);
      expect((await op({ currency: 'ABC' })).status).toBe(422);
      expect((await op({ currencies: ['USD', 'usd'] })).status).toBe(422);
      expect((await op({ currency: 'CNY', currencies: ['USD', 'CNY'] })).status).toBe(422);
      expect((await op({ currency: 'jpy' })).body).toMatchObject({ currency: 'JPY', currencies: ['JPY'] });
      expect((await op({ currencies: ['usd', 'KWD'] })).body).toMatchObject({ currency: 'USD', currencies: ['USD', 'KWD'] });
      expect((await op({})).body).toMatchObject({ currency: 'CNY', currencies: ['CNY'] });
    });

    test('PATCH /v1/shop adds currencies; the default stays first and none is removed', async () => {
      const { shop, l1 } = await makeShop({ currency: 'CNY' });
      expect((await sk(shop, 'POST', '/v1/orders', order(uid('o'), 'USD', l1.code))).status).toBe(422);
      const moved = await sk(shop, 'PATCH', '/v1/shop', { currencies: ['USD', 'CNY'] });
      expect(moved.status).toBe(422);
      expect(moved.body.error.code).toBe('default_currency_fixed');
      const added = await sk(shop, 'PATCH', '/v1/shop', { currencies: ['CNY', 'usd'] });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ currency: 'CNY', currencies: ['CNY', 'USD'] });
      expect((await sk(shop, 'PATCH', '/v1/shop', { currencies: ['CNY'] })).body.error.code).toBe('currency_removed');
      const usd = await sk(shop, 'POST', '/v1/orders', order(uid('o'), 'USD', l1.code));
      expect(usd.status).toBe(201);
      expect(usd.body.commissions[0]).toMatchObject({ currency: 'USD', amount: 1000 });
    });

    test('balances are per currency: top-level fields for the default, balances[] for each; a withdrawal takes one currency with its own minimum and fee', async () => {
      const { shop, l1 } = await makeShop(
        { currencies: ['CNY', 'USD'] },
        { minWithdrawal: 500, withdrawalFee: { fixed: 100 }, perCurrency: { USD: { minWithdrawal: 450, withdrawalFee: { bps: 200 } } } },
      );
      expect((await sk(shop, 'POST', '/v1/orders', order(uid('o'), 'CNY', l1.code, 10_000))).status).toBe(201);
      expect((await sk(shop, 'POST', '/v1/orders', order(uid('o'), 'USD', l1.code, 5_000))).status).toBe(201);
      await sk(shop, 'POST', '/v1/settlements');
      const before = (await sk(shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(before).toMatchObject({ currency: 'CNY', pending: 0, available: 1000, inWithdrawal: 0, paid: 0 });
      expect(before.balances).toEqual([
        { currency: 'CNY', pending: 0, available: 1000, inWithdrawal: 0, paid: 0 },
        { currency: 'USD', pending: 0, available: 500, inWithdrawal: 0, paid: 0 },
      ]);
      // 1000 CNY + 500 USD is not 1500 of anything
      const tooMuch = await sk(shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1200 });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.error.code).toBe('insufficient_balance');
      const eur = await sk(shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 100, currency: 'EUR' });
      expect(eur.status).toBe(422);
      expect(eur.body.error.code).toBe('currency_mismatch');
      const belowUsd = await sk(shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 400, currency: 'usd' });
      expect(belowUsd.status).toBe(422);
      expect(belowUsd.body.error).toMatchObject({ code: 'below_minimum', details: { minWithdrawal: 450, currency: 'USD' } });
      const usd = await sk(shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 500, currency: 'USD' });
      expect(usd.status).toBe(201);
      expect(usd.body).toMatchObject({ currency: 'USD', amount: 500, fee: 10, net: 490 });
      const cny = await sk(shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1000 });
      expect(cny.status).toBe(201);
      expect(cny.body).toMatchObject({ currency: 'CNY', amount: 1000, fee: 100, net: 900 });
      const after = (await sk(shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(after.balances).toEqual([
        { currency: 'CNY', pending: 0, available: 0, inWithdrawal: 1000, paid: 0 },
        { currency: 'USD', pending: 0, available: 0, inWithdrawal: 500, paid: 0 },
      ]);
    });

    test('bonuses, grade thresholds, stats, the overview and the distributors table measure each currency on its own', async () => {
      const { shop, l1 } = await makeShop(
        { currencies: ['CNY', 'USD'] },
        {
          grades: [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500, upgradeAtSales: 10_000 }],
          performanceBonus: [{ threshold: 10_000, bonusBps: 1000 }],
          perCurrency: { USD: { performanceBonus: [{ threshold: 5_000, amount: 77 }], upgradeAtSales: { gold: 100_000 } } },
        },
      );
      const placedAt = new Date(ctx.clock.ms - 60 * 86_400_000).toISOString();
      const day = placedAt.slice(0, 10);
      // 8 000 CNY and 8 000 USD are not 16 000 of anything: neither reaches the CNY threshold of 10 000
      for (const currency of ['CNY', 'USD']) {
        const res = await sk(shop, 'POST', '/v1/orders', { ...order(uid('o'), currency, l1.code, 8_000), placedAt });
        expect(res.status).toBe(201);
      }
      expect((await sk(shop, 'GET', `/v1/distributors/${l1.id}`)).body.grade ?? null).toBe(null);

      const run = (await sk(shop, 'POST', '/v1/bonuses/run')).body;
      expect(run.upgrades).toEqual([]);
      const bonuses = (await sk(shop, 'GET', `/v1/bonuses?distributorId=${l1.id}`)).body.data;
      expect(bonuses.map((b: any) => [b.kind, b.currency, b.sales, b.amount])).toEqual([['performance', 'USD', 8_000, 77]]);
      const period = run.periods.find((p: any) => p.totals.some((t: any) => t.total > 0));
      expect(period).toMatchObject({ total: 0, totals: [{ currency: 'CNY', total: 0 }, { currency: 'USD', total: 77 }] });
      const balance = (await sk(shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(balance.balances.find((b: any) => b.currency === 'USD').available).toBe(77);
      expect(balance.balances.find((b: any) => b.currency === 'CNY').available).toBe(0);

      const cnyStats = (await sk(shop, 'GET', '/v1/stats?groupBy=distributor')).body;
      expect(cnyStats).toMatchObject({ currency: 'CNY', rows: [{ key: l1.id, orders: 1, sales: 8_000 }] });
      const usdStats = (await sk(shop, 'GET', '/v1/stats?groupBy=distributor&currency=usd')).body;
      expect(usdStats).toMatchObject({ currency: 'USD', rows: [{ key: l1.id, orders: 1, sales: 8_000 }] });

      const overview = (await sk(shop, 'GET', `/v1/admin/reports/overview?from=${day}&to=${day}`)).body;
      expect(overview.currency).toBe('CNY');
      expect(overview.kpis.attributedRevenue.value).toBe(8_000);
      expect(overview.kpis.orders.value).toBe(1);
      expect(overview.otherCurrencies).toEqual([{ currency: 'USD', orders: 1, attributedOrders: 1, attributedRevenue: 8_000, commissions: 0, commissionsPaid: 0 }]); // commissions count by the day they were earned (today)
      const table = (await sk(shop, 'GET', '/v1/admin/reports/distributors?sort=sales')).body;
      expect(table.data.find((r: any) => r.id === l1.id)).toMatchObject({ sales: 8_000, commissions: 800 });
      const compliance = (await sk(shop, 'GET', '/v1/admin/reports/compliance')).body;
      expect(compliance).toMatchObject({ currency: 'CNY', bonuses: 0 });
      expect(compliance.otherCurrencies).toEqual([{ currency: 'USD', earned: 1_200, reversed: 0, net: 1_200, bonuses: 77, paidOut: 0 }]);
    });

    test('a fixed-per-unit rate is an amount of one currency: fixedPerUnit in the default, fixedPerUnitByCurrency in others, nothing (explained) without one', async () => {
      const { shop, l1 } = await makeShop(
        { currencies: ['CNY', 'USD', 'JPY'] },
        { rules: [{ id: 'tea-fixed', when: { sku: ['tea'] }, level1: { fixedPerUnit: 1000, fixedPerUnitByCurrency: { USD: 150 } }, level2: { fixedPerUnit: 300 } }] },
      );
      const post = (currency: string) => sk(shop, 'POST', '/v1/orders', { id: uid('o'), currency, referralCode: l1.code, items: [{ sku: 'tea', quantity: 3, unitPrice: 2_000 }] });
      const cny = (await post('CNY')).body.commissions;
      expect(cny.map((c: any) => [c.level, c.currency, c.amount])).toEqual([[1, 'CNY', 3_000], [2, 'CNY', 900]]);
      const usd = (await post('USD')).body.commissions;
      expect(usd.map((c: any) => [c.level, c.currency, c.amount])).toEqual([[1, 'USD', 450], [2, 'USD', 0]]);
      expect(usd[1].explanation.lines[0]).toMatchObject({ rate: null, noAmountIn: 'USD', exact: 0 });
      expect(usd[1].explanation.summary).toContain('no amount in USD');
      // 1000 CNY per unit is not 1000 yen per unit
      const jpy = (await post('JPY')).body.commissions;
      expect(jpy.map((c: any) => c.amount)).toEqual([0, 0]);
      expect(jpy[0].explanation.summary).toContain('no amount in JPY');
    });

    test('an order stored in a currency the shop no longer accepts cannot be refunded (422 currency_mismatch)', async () => {
      const { shop, l1 } = await makeShop({ currencies: ['CNY', 'USD'] });
      const id = uid('o');
      expect((await sk(shop, 'POST', '/v1/orders', order(id, 'USD', l1.code))).status).toBe(201);
      // as stored before currencies were checked: a USD order in a CNY-only shop
      await ctx.db.kysely.updateTable('shops').set({ currencies: JSON.stringify(['CNY']) }).where('id', '=', shop.id).execute();
      ctx.app.services.shops.invalidate({ id: shop.id, publishableKey: shop.pk });
      const res = await sk(shop, 'POST', `/v1/orders/${id}/refunds`, { id: 'r1', amount: 100 });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('currency_mismatch');
      expect((await written(shop.id)).refunds).toBe(0);
      // its commission stays out of the CNY balance, listed on its own
      await sk(shop, 'POST', '/v1/settlements');
      const balance = (await sk(shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body;
      expect(balance).toMatchObject({ currency: 'CNY', pending: 0, available: 0 });
      expect(balance.balances).toEqual([
        { currency: 'CNY', pending: 0, available: 0, inWithdrawal: 0, paid: 0 },
        { currency: 'USD', pending: 0, available: 1000, inWithdrawal: 0, paid: 0 },
      ]);
      expect((await sk(shop, 'POST', '/v1/withdrawals', { distributorId: l1.id, amount: 1000 })).body.error.code).toBe('insufficient_balance');
    });
  });
}
