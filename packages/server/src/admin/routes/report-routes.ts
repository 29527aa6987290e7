import {
  adminAnalyticsSchema,
  adminComplianceSchema,
  adminCouponListSchema,
  adminDistributorTableSchema,
  adminDistributorTreeSchema,
  adminLedgerPageSchema,
  adminOrderPageSchema,
  adminOverviewSchema,
  adminWithdrawalPageSchema,
  distributorTableQuerySchema,
  orderListQuerySchema,
  payoutsCsvQuerySchema,
  periodQuerySchema,
  programSchema,
  programSimulateSchema,
  simulationSchema,
  type PayoutAccount,
} from '@twotier/core/schema';
import { pageQuerySchema, withdrawalListQuerySchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../context';
import { secretAuth } from '../../http/auth';
import { parseWith, queryObject } from '../../http/validate';
import { openApiRoutes, route, type Declaration } from '../../openapi/declare';
import { requireDistributor } from '../../services/distributors';
import { listWithdrawals } from '../../services/lists';
import { analytics } from '../analytics';
import { compliance, complianceCsv } from '../compliance';
import { distributorCoupons, distributorLedger, distributorTree } from '../distributor-detail';
import { distributorTable } from '../distributor-table';
import { listOrders } from '../orders-list';
import { overview } from '../overview';
import { buildPayoutFile, payoutFileHeaders } from '../payout-csv';
import { resolvePeriod } from '../period';
import { simulateProgram } from '../simulate';
import { reportReader } from '../../db/read-replica';
import { toPayoutAccount } from '../../payouts/payout-accounts';

/** A payout account for the withdrawals table: its kind (the dashboard names it in its language) and the masked details. */
function accountSummary(a: PayoutAccount): { kind: PayoutAccount['kind']; summary: string } {
  const m = a.masked;
  const summary =
    a.kind === 'alipay' ? `${m.account} (${m.realName})` : a.kind === 'wechat' ? `${m.openid} (${m.realName})` : a.kind === 'bank' ? `${m.bankName} ${m.accountNumber} (${m.holderName})` : `${m.email}`;
  return { kind: a.kind, summary };
}

const treeQuerySchema = z.object({ cursor: z.string().optional() });

/** A dashboard report: the dashboard's session, or the secret key (the reports' middleware). */
const report = <const D extends Omit<Declaration, 'method' | 'tag' | 'auth'>>(d: D) => ({ method: 'get', tag: 'Admin', auth: 'secret', ...d }) as const;
const csv = (name: string) => ({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });

/**
 * What the dashboard reads that API v1 lacks, under the same auth as the
 * secret key (so a shop's server can read it too): overview, analytics, the
 * distributor table with its numbers, trees, ledgers, orders with their
 * commissions, the rule simulator, compliance and mass-pay files.
 */
export function adminReportRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/admin/reports/*', secretAuth);
  app.use('/v1/program/simulate', secretAuth);

  route(app, report({ path: '/v1/admin/reports/overview', summary: 'Dashboard: KPIs of a period beside the previous one, and the daily series', query: periodQuerySchema, response: adminOverviewSchema }), async (c) => {
    const { db, now } = c.get('services');
    const period = resolvePeriod(c.req.valid('query'), now().getTime());
    return c.json(await overview(reportReader(db), c.get('shop'), period));
  });

  route(app, report({ path: '/v1/admin/reports/analytics', summary: 'Dashboard: top products and regions, conversion by distributor, activity and recruitment', query: periodQuerySchema, response: adminAnalyticsSchema }), async (c) => {
    const { db, now } = c.get('services');
    const period = resolvePeriod(c.req.valid('query'), now().getTime());
    return c.json(await analytics(reportReader(db), c.get('shop'), period, now().getTime()));
  });

  route(app, report({ path: '/v1/admin/reports/distributors', summary: 'Dashboard: the distributor table with each one’s numbers', query: distributorTableQuerySchema, response: adminDistributorTableSchema }), async (c) => {
    const query = c.req.valid('query');
    return c.json(await distributorTable(reportReader(c.get('services').db), c.get('shop').id, query));
  });

  route(app, report({ path: '/v1/admin/reports/distributors/{id}/tree', summary: 'Dashboard: a distributor, its parent and a page of its recruits', query: treeQuerySchema, response: adminDistributorTreeSchema }), async (c) => {
    const cursor = c.req.valid('query').cursor;
    return c.json(await distributorTree(reportReader(c.get('services').db), c.get('shop').id, c.req.param('id'), cursor));
  });

  // an unknown distributor is 404 before the query is read
  route(app, report({ path: '/v1/admin/reports/distributors/{id}/ledger', summary: "Dashboard: a distributor's ledger entries, newest first", query: pageQuerySchema, response: adminLedgerPageSchema, manual: true }), async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await requireDistributor(db.kysely, shop.id, c.req.param('id'));
    const query = parseWith(pageQuerySchema, queryObject(c.req.url));
    return c.json(await distributorLedger(db.kysely, shop.id, d.id, query.limit, query.cursor));
  });

  route(app, report({ path: '/v1/admin/reports/distributors/{id}/coupons', summary: "Dashboard: a distributor's coupons", response: adminCouponListSchema }), async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await requireDistributor(db.kysely, shop.id, c.req.param('id'));
    return c.json({ data: await distributorCoupons(db.kysely, shop.id, d.id) });
  });

  route(app, report({ path: '/v1/admin/reports/orders', summary: 'Dashboard: orders with their commissions, what was not paid and why, and refunds', query: orderListQuerySchema, response: adminOrderPageSchema }), async (c) => {
    const query = c.req.valid('query');
    return c.json(await listOrders(reportReader(c.get('services').db), c.get('shop').id, query));
  });

  const withdrawals = report({ path: '/v1/admin/reports/withdrawals', summary: 'Dashboard: withdrawals with who asked and the masked payout account', query: withdrawalListQuerySchema, response: adminWithdrawalPageSchema });
  route(app, withdrawals, async (c) => {
    const { db } = c.get('services');
    const shopId = c.get('shop').id;
    const page = await listWithdrawals(db.kysely, shopId, c.req.valid('query'));
    const ids = [...new Set(page.data.map((w) => w.distributorId))];
    const people = ids.length ? await db.kysely.selectFrom('distributors').select(['id', 'code', 'name', 'email']).where('shop_id', '=', shopId).where('id', 'in', ids).execute() : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const accountIds = [...new Set(page.data.map((w) => w.payoutAccountId).filter((x): x is string => !!x))];
    const accounts = accountIds.length ? await db.kysely.selectFrom('payout_accounts').selectAll().where('shop_id', '=', shopId).where('id', 'in', accountIds).execute() : [];
    const accountById = new Map(accounts.map((a) => [a.id, accountSummary(toPayoutAccount(a))]));
    return c.json({
      ...page,
      data: page.data.map((w) => ({
        ...w,
        distributorCode: byId.get(w.distributorId)?.code ?? null,
        distributorName: byId.get(w.distributorId)?.name ?? null,
        // masked, as everywhere but the payout file
        payoutAccount: (w.payoutAccountId ? accountById.get(w.payoutAccountId) : undefined) ?? null,
      })),
    });
  });

  route(app, report({ path: '/v1/admin/reports/compliance', summary: 'Dashboard: commissions by level, and that nothing is paid for recruiting', response: adminComplianceSchema }), async (c) => c.json(await compliance(reportReader(c.get('services').db), c.get('shop'))));

  route(app, report({ path: '/v1/admin/reports/compliance.csv', summary: 'Compliance report CSV', contentType: 'text/csv' }), async (c) =>
    c.body(await complianceCsv(reportReader(c.get('services').db), c.get('shop')), 200, csv('commissions-by-level.csv')),
  );

  route(app, report({ path: '/v1/admin/reports/payouts.csv', summary: 'Payouts CSV in a payment service’s bulk template', query: payoutsCsvQuerySchema, contentType: 'text/csv' }), async (c) => {
    const q = c.req.valid('query');
    const { db, now, payoutKeys } = c.get('services');
    const file = await buildPayoutFile(db.kysely, payoutKeys, c.get('shop').id, { format: q.format, status: q.status, currency: q.currency, now: now().getTime() });
    return c.body(file.body, 200, { ...payoutFileHeaders(file), 'Content-Disposition': `attachment; filename="payouts-${q.format}-${q.status}.csv"` });
  });

  const simulate = { method: 'post', path: '/v1/program/simulate', tag: 'Admin', auth: 'secret', summary: 'Simulate a draft program on recent orders', body: programSimulateSchema, response: simulationSchema } as const;
  route(app, simulate, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    // the program schema refuses a third level and unknown grades as PUT /v1/program does
    const program = parseWith(programSchema, input.program);
    return c.json(await simulateProgram(db.kysely, c.get('shop'), program, input.days, now().getTime()));
  });

  return app;
}
