import { programSchema, type PayoutAccount } from '@twotier/core/schema';
import { pageQuerySchema, withdrawalListQuerySchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../context';
import { secretAuth } from '../../http/auth';
import { readJson } from '../../http/body';
import { parseWith, queryObject } from '../../http/validate';
import { requireDistributor } from '../../services/distributors';
import { listWithdrawals } from '../../services/lists';
import { analytics } from '../analytics';
import { compliance, complianceCsv } from '../compliance';
import { distributorCoupons, distributorLedger, distributorTree } from '../distributor-detail';
import { distributorTable, distributorTableQuerySchema } from '../distributor-table';
import { listOrders, orderListQuerySchema } from '../orders-list';
import { overview } from '../overview';
import { PAYOUT_FORMATS, buildPayoutFile, payoutFileHeaders } from '../payout-csv';
import { periodQuerySchema, resolvePeriod } from '../period';
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

const simulateSchema = z.strictObject({ program: z.unknown(), days: z.number().int().min(1).max(365).default(30) });
const csv = (name: string) => ({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });

/**
 * What the dashboard reads that API v1 lacks, under the same auth as the
 * secret key (so a shop's server can read it too): overview, analytics, the
 * distributor table with its numbers, trees, ledgers, orders with their
 * commissions, the rule simulator, compliance and mass-pay files.
 */
export function adminReportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/v1/admin/reports/*', secretAuth);
  app.use('/v1/program/simulate', secretAuth);

  app.get('/v1/admin/reports/overview', async (c) => {
    const { db, now } = c.get('services');
    const period = resolvePeriod(parseWith(periodQuerySchema, queryObject(c.req.url)), now().getTime());
    return c.json(await overview(db, c.get('shop'), period, now().getTime()));
  });

  app.get('/v1/admin/reports/analytics', async (c) => {
    const { db, now } = c.get('services');
    const period = resolvePeriod(parseWith(periodQuerySchema, queryObject(c.req.url)), now().getTime());
    return c.json(await analytics(reportReader(db), c.get('shop'), period, now().getTime()));
  });

  app.get('/v1/admin/reports/distributors', async (c) => {
    const query = parseWith(distributorTableQuerySchema, queryObject(c.req.url));
    return c.json(await distributorTable(reportReader(c.get('services').db), c.get('shop').id, query));
  });

  app.get('/v1/admin/reports/distributors/:id/tree', async (c) => {
    const cursor = c.req.query('cursor');
    return c.json(await distributorTree(reportReader(c.get('services').db), c.get('shop').id, c.req.param('id'), cursor));
  });

  app.get('/v1/admin/reports/distributors/:id/ledger', async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await requireDistributor(db.kysely, shop.id, c.req.param('id'));
    const query = parseWith(pageQuerySchema, queryObject(c.req.url));
    return c.json(await distributorLedger(db.kysely, shop.id, d.id, query.limit, query.cursor));
  });

  app.get('/v1/admin/reports/distributors/:id/coupons', async (c) => {
    const { db } = c.get('services');
    const shop = c.get('shop');
    const d = await requireDistributor(db.kysely, shop.id, c.req.param('id'));
    return c.json({ data: await distributorCoupons(db.kysely, shop.id, d.id) });
  });

  app.get('/v1/admin/reports/orders', async (c) => {
    const query = parseWith(orderListQuerySchema, queryObject(c.req.url));
    return c.json(await listOrders(reportReader(c.get('services').db), c.get('shop').id, query));
  });

  app.get('/v1/admin/reports/withdrawals', async (c) => {
    const { db } = c.get('services');
    const shopId = c.get('shop').id;
    const page = await listWithdrawals(db.kysely, shopId, parseWith(withdrawalListQuerySchema, queryObject(c.req.url)));
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
        payoutAccount: (w.payoutAccountId && accountById.get(w.payoutAccountId)) ?? null,
      })),
    });
  });

  app.get('/v1/admin/reports/compliance', async (c) => c.json(await compliance(c.get('services').db, c.get('shop'), c.get('services').now().getTime())));

  app.get('/v1/admin/reports/compliance.csv', async (c) =>
    c.body(await complianceCsv(reportReader(c.get('services').db), c.get('shop')), 200, csv('commissions-by-level.csv')),
  );

  app.get('/v1/admin/reports/payouts.csv', async (c) => {
    const q = parseWith(
      z.object({ status: z.enum(['requested', 'approved', 'paid']).default('approved'), format: z.enum(PAYOUT_FORMATS).default('bank'), currency: z.string().length(3).toUpperCase().optional() }),
      queryObject(c.req.url),
    );
    const { db, now, payoutKeys } = c.get('services');
    const file = await buildPayoutFile(db.kysely, payoutKeys, c.get('shop').id, { format: q.format, status: q.status, currency: q.currency, now: now().getTime() });
    return c.body(file.body, 200, { ...payoutFileHeaders(file), 'Content-Disposition': `attachment; filename="payouts-${q.format}-${q.status}.csv"` });
  });

  app.post('/v1/program/simulate', async (c) => {
    const { db, now } = c.get('services');
    const input = parseWith(simulateSchema, await readJson(c));
    // the program schema refuses a third level and unknown grades as PUT /v1/program does
    const program = parseWith(programSchema, input.program);
    return c.json(await simulateProgram(db.kysely, c.get('shop'), program, input.days, now().getTime()));
  });

  return app;
}
