import { minorUnitsToDecimal } from '@twotier/core';
import {
  commissionListQuerySchema,
  commissionPageSchema,
  settlementResultSchema,
  withdrawalCreateSchema,
  withdrawalCsvQuerySchema,
  withdrawalListQuerySchema,
  withdrawalPageSchema,
  withdrawalPaidSchema,
  withdrawalRejectSchema,
  withdrawalSchema,
} from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { openApiRoutes, route } from '../openapi/declare';
import { listCommissions, listWithdrawals } from '../services/lists';
import { settleDue } from '../services/settlement';
import { requestWithdrawal, toWithdrawal, transitionWithdrawal } from '../services/withdrawals';
import { toCsv } from '../util/csv';
import { buildPayoutFile, payoutFileHeaders } from '../payouts/payout-files';
import { iso } from '../util/time';

/** Commissions, settlements and withdrawals (secret key). */
export function ledgerRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  for (const p of ['/v1/commissions', '/v1/settlements', '/v1/withdrawals', '/v1/withdrawals/*', '/v1/withdrawals.csv']) app.use(p, secretAuth);

  route(app, { method: 'get', path: '/v1/commissions', tag: 'Ledger', auth: 'secret', summary: 'List commissions', query: commissionListQuerySchema, response: commissionPageSchema }, async (c) => {
    return c.json(await listCommissions(c.get('services').db.kysely, c.get('shop').id, c.req.valid('query')));
  });

  route(app, { method: 'post', path: '/v1/settlements', tag: 'Ledger', auth: 'secret', summary: 'Move commissions past their hold period to available', response: settlementResultSchema }, async (c) => {
    const { db, now } = c.get('services');
    return c.json(await settleDue(db, now().getTime(), c.get('shop').id));
  });

  route(app, { method: 'post', path: '/v1/withdrawals', tag: 'Withdrawals', auth: 'secret', summary: 'Request a withdrawal (≤ available, ≥ minimum)', body: withdrawalCreateSchema, response: withdrawalSchema, status: 201 }, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    const row = await requestWithdrawal(db, c.get('shop'), input.distributorId, input.amount, now().getTime(), input.currency, input.payoutAccountId);
    return c.json(toWithdrawal(row), 201);
  });

  route(app, { method: 'get', path: '/v1/withdrawals', tag: 'Withdrawals', auth: 'secret', summary: 'List withdrawals', query: withdrawalListQuerySchema, response: withdrawalPageSchema }, async (c) => {
    return c.json(await listWithdrawals(c.get('services').db.kysely, c.get('shop').id, c.req.valid('query')));
  });

  const csvExport = {
    method: 'get',
    path: '/v1/withdrawals.csv',
    tag: 'Withdrawals',
    auth: 'secret',
    summary: 'Mass-pay CSV export: the generic file, or with format=alipay|wechat|bank|paypal the bulk-payment template of that service, paid to each withdrawal’s payout account',
    query: withdrawalCsvQuerySchema,
    contentType: 'text/csv',
  } as const;
  route(app, csvExport, async (c) => {
    const { db, now, payoutKeys } = c.get('services');
    const shop = c.get('shop');
    const query = c.req.valid('query');
    if (query.format) {
      const file = await buildPayoutFile(db.kysely, payoutKeys, shop.id, {
        format: query.format,
        status: query.status ?? 'approved',
        currency: query.currency,
        distributorId: query.distributorId,
        wechatAppId: query.appid,
        batchNo: query.batch,
        encoding: query.encoding,
        now: now().getTime(),
      });
      return c.body(file.body, 200, payoutFileHeaders(file));
    }
    let q = db.kysely
      .selectFrom('withdrawals as w')
      .innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 'w.shop_id').onRef('d.id', '=', 'w.distributor_id'))
      .select(['w.id', 'w.distributor_id', 'd.code', 'd.name', 'd.email', 'd.external_id', 'w.amount', 'w.fee', 'w.net', 'w.currency', 'w.status', 'w.created_at'])
      .where('w.shop_id', '=', shop.id);
    if (query.status) q = q.where('w.status', '=', query.status);
    if (query.distributorId) q = q.where('w.distributor_id', '=', query.distributorId);
    if (query.currency) q = q.where('w.currency', '=', query.currency);
    const rows = await q.orderBy('w.created_at').orderBy('w.id').execute();
    const header = ['withdrawal_id', 'distributor_id', 'code', 'name', 'email', 'external_id', 'currency', 'amount_minor', 'net_minor', 'net', 'status', 'requested_at'];
    const csv = toCsv([
      header,
      ...rows.map((r) => [r.id, r.distributor_id, r.code, r.name, r.email, r.external_id, r.currency, Number(r.amount), Number(r.net), minorUnitsToDecimal(Number(r.net), r.currency), r.status, iso(Number(r.created_at))]),
    ]);
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="withdrawals-${query.status ?? 'all'}.csv"`,
    });
  });

  route(app, { method: 'post', path: '/v1/withdrawals/{id}/approve', tag: 'Withdrawals', auth: 'secret', summary: 'Approve a withdrawal', response: withdrawalSchema }, async (c) => {
    const { db, now } = c.get('services');
    return c.json(toWithdrawal(await transitionWithdrawal(db, c.get('shop'), c.req.param('id'), { action: 'approve' }, now().getTime())));
  });

  route(app, { method: 'post', path: '/v1/withdrawals/{id}/reject', tag: 'Withdrawals', auth: 'secret', summary: 'Reject (money back to available)', body: withdrawalRejectSchema, response: withdrawalSchema }, async (c) => {
    const { db, now } = c.get('services');
    const { reason } = c.req.valid('json');
    return c.json(toWithdrawal(await transitionWithdrawal(db, c.get('shop'), c.req.param('id'), { action: 'reject', reason }, now().getTime())));
  });

  route(app, { method: 'post', path: '/v1/withdrawals/{id}/paid', tag: 'Withdrawals', auth: 'secret', summary: 'Mark paid with the payment reference', body: withdrawalPaidSchema, response: withdrawalSchema }, async (c) => {
    const { db, now } = c.get('services');
    const { reference } = c.req.valid('json');
    return c.json(toWithdrawal(await transitionWithdrawal(db, c.get('shop'), c.req.param('id'), { action: 'paid', reference }, now().getTime())));
  });

  return app;
}
