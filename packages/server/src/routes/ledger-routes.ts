import { minorUnitsToDecimal } from '@twotier/core';
import {
  commissionListQuerySchema,
  withdrawalCreateSchema,
  withdrawalListQuerySchema,
  withdrawalPaidSchema,
  withdrawalRejectSchema,
} from '@twotier/core/schema';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { secretAuth } from '../http/auth';
import { readJson } from '../http/body';
import { parseWith, queryObject } from '../http/validate';
import { listCommissions, listWithdrawals } from '../services/lists';
import { settleDue } from '../services/settlement';
import { requestWithdrawal, toWithdrawal, transitionWithdrawal } from '../services/withdrawals';
import { toCsv } from '../util/csv';
import { buildPayoutFile, payoutFileHeaders } from '../payouts/payout-files';
import { withdrawalCsvQuerySchema } from './payout-routes';
import { iso } from '../util/time';

/** Commissions, settlements and withdrawals (secret key). */
export function ledgerRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const p of ['/v1/commissions', '/v1/settlements', '/v1/withdrawals', '/v1/withdrawals/*', '/v1/withdrawals.csv']) app.use(p, secretAuth);

  app.get('/v1/commissions', async (c) => {
    const query = parseWith(commissionListQuerySchema, queryObject(c.req.url));
    return c.json(await listCommissions(c.get('services').db.kysely, c.get('shop').id, query));
  });

  app.post('/v1/settlements', async (c) => {
    const { db, now } = c.get('services');
    return c.json(await settleDue(db, now().getTime(), c.get('shop').id));
  });

  app.post('/v1/withdrawals', async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(withdrawalCreateSchema, await readJson(c));
    const row = await requestWithdrawal(db, c.get('shop'), input.distributorId, input.amount, now().getTime(), input.currency, input.payoutAccountId);
    return c.json(toWithdrawal(row), 201);
  });

  app.get('/v1/withdrawals', async (c) => {
    const query = parseWith(withdrawalListQuerySchema, queryObject(c.req.url));
    return c.json(await listWithdrawals(c.get('services').db.kysely, c.get('shop').id, query));
  });

  app.get('/v1/withdrawals.csv', async (c) => {
    const { db, now, payoutKeys } = c.get('services');
    const shop = c.get('shop');
    const query = parseWith(withdrawalCsvQuerySchema, queryObject(c.req.url));
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

  app.post('/v1/withdrawals/:id/approve', async (c) => {
    const { db, now } = c.get('services');
    return c.json(toWithdrawal(await transitionWithdrawal(db, c.get('shop'), c.req.param('id'), { action: 'approve' }, now().getTime())));
  });

  app.post('/v1/withdrawals/:id/reject', async (c) => {
    const { db, now } = c.get('services');
    const { reason } = parseWith(withdrawalRejectSchema, await readJson(c));
    return c.json(toWithdrawal(await transitionWithdrawal(db, c.get('shop'), c.req.param('id'), { action: 'reject', reason }, now().getTime())));
  });

  app.post('/v1/withdrawals/:id/paid', async (c) => {
    const { db, now } = c.get('services');
    const { reference } = parseWith(withdrawalPaidSchema, await readJson(c));
    return c.json(toWithdrawal(await transitionWithdrawal(db, c.get('shop'), c.req.param('id'), { action: 'paid', reference }, now().getTime())));
  });

  return app;
}
