import { http, HttpResponse } from 'msw';
import { withdrawalCsvQuerySchema, type PayoutFormat, type WithdrawalCsvQuery } from '@twotier/core/schema';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { BASE, lateFetch, useMsw } from '../../test/msw';
import { createTwotierClient } from './create-client';
import type { PayoutFileOptions } from './withdrawals';

const server = useMsw();
const client = createTwotierClient({ baseUrl: BASE, secretKey: 'sk_test_123', retry: { limit: 0 }, fetch: lateFetch });
const account = { id: 'pay_1', distributorId: 'dst_1', kind: 'alipay', display: 'Alipay 138****5678 (*三)', masked: { account: '138****5678', realName: '*三' }, createdAt: '2026-03-01T00:00:00.000Z' };

describe('payout accounts and payout files', () => {
  it('adds, lists and deletes a distributor’s payout accounts', async () => {
    const seen: string[] = [];
    server.use(
      http.post(`${BASE}/v1/distributors/dst_1/payout-accounts`, async ({ request }) => {
        seen.push(`POST ${JSON.stringify(await request.json())}`);
        return HttpResponse.json(account, { status: 201 });
      }),
      http.get(`${BASE}/v1/distributors/dst_1/payout-accounts`, () => HttpResponse.json({ data: [account] })),
      http.delete(`${BASE}/v1/distributors/dst_1/payout-accounts/pay_1`, () => new HttpResponse(null, { status: 204 })),
    );
    await expect(client.distributors.payoutAccounts.create('dst_1', { kind: 'alipay', account: '13812345678', realName: '张三' })).resolves.toEqual(account);
    expect(seen).toEqual(['POST {"kind":"alipay","account":"13812345678","realName":"张三"}']);
    await expect(client.distributors.payoutAccounts.list('dst_1')).resolves.toEqual({ data: [account] });
    await expect(client.distributors.payoutAccounts.delete('dst_1', 'pay_1')).resolves.toBeUndefined();
  });

  it('exportFile keeps the bytes: the UTF-8 BOM Excel needs survives', async () => {
    let query = '';
    const file = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('支付宝批量付款文件模板\r\n')]);
    server.use(
      http.get(`${BASE}/v1/withdrawals.csv`, ({ request }) => {
        query = new URL(request.url).search;
        return new HttpResponse(file, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
      }),
    );
    const bytes = await client.withdrawals.exportFile({ format: 'alipay' });
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes).toEqual(file);
    expect(new URLSearchParams(query).get('status')).toBe('approved');
    expect(new URLSearchParams(query).get('format')).toBe('alipay');
  });

  it('exportFile sends the query of GET /v1/withdrawals.csv as the server declares it', async () => {
    expectTypeOf<PayoutFileOptions['format']>().toEqualTypeOf<PayoutFormat>();
    expectTypeOf<Omit<PayoutFileOptions, 'format'>>().toEqualTypeOf<Omit<WithdrawalCsvQuery, 'format'>>();
    // @ts-expect-error a format the server does not make
    const wrong: PayoutFileOptions = { format: 'swift' };
    // @ts-expect-error a payout file needs a format (without one it is exportCsv's generic export)
    const none: PayoutFileOptions = { status: 'approved' };
    expect([wrong, none]).toHaveLength(2);
    let query = new URLSearchParams();
    server.use(
      http.get(`${BASE}/v1/withdrawals.csv`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return new HttpResponse('', { headers: { 'content-type': 'text/csv; charset=utf-8' } });
      }),
    );
    const options = { format: 'wechat', status: 'paid', distributorId: 'dst_1', currency: 'CNY', appid: 'wx0123456789abcdef', batch: 'BATCH2026', encoding: 'gbk' } as const;
    await client.withdrawals.exportFile(options);
    expect(Object.fromEntries(query)).toEqual(options);
    expect(withdrawalCsvQuerySchema.parse(Object.fromEntries(query))).toEqual(options);
  });

  it('a distributor quotes, then withdraws to one of their accounts, and sets their email language', async () => {
    const me = client.withSession('ses_shop_abc');
    const bodies: unknown[] = [];
    server.use(
      http.get(`${BASE}/v1/me/withdrawals/quote`, ({ request }) =>
        HttpResponse.json({ currency: 'CNY', amount: Number(new URL(request.url).searchParams.get('amount')), fee: 10, net: 990, available: 5000, minWithdrawal: 100, allowed: true }),
      ),
      http.post(`${BASE}/v1/me/withdrawals`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ id: 'wdr_1' }, { status: 201 });
      }),
      http.patch(`${BASE}/v1/me`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ locale: 'zh-CN', emails: true, email: 'a@example.com' });
      }),
    );
    await expect(me.me.withdrawalQuote(1000)).resolves.toMatchObject({ fee: 10, net: 990, allowed: true });
    await me.me.withdraw(1000, { payoutAccountId: 'pay_1' });
    await me.me.update({ locale: 'zh-CN' });
    expect(bodies).toEqual([{ amount: 1000, payoutAccountId: 'pay_1' }, { locale: 'zh-CN' }]);
  });
});
