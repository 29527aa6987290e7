import { z } from 'zod';
import { pageOf, timestampSchema } from './api-common';
import { distributorSchema } from './api-distributor';
import { withdrawalSchema } from './api-ledger';
import { commissionExplanationSchema } from './api-order';
import { shopSchema } from './api-shop';

/**
 * The bodies and answers of the admin dashboard's endpoints (`/v1/admin/…`,
 * `POST /v1/program/simulate`, `PATCH /v1/shop`, `POST /v1/shop/secret-key`):
 * the server declares its routes with them, so they are in the OpenAPI
 * document, and the dashboard's client reads its types from them.
 * Money is integer minor units of `currency`.
 */

const day = z.string().describe('YYYY-MM-DD');
const range = z.object({ from: day, to: day });

/** An admin user of a shop (`POST /v1/admin-users`). */
export const adminUserSchema = z.object({ id: z.string(), shopId: z.string(), email: z.string(), createdAt: timestampSchema });

/** `POST /v1/admin/session`: sign in to the dashboard; `shopId` only when the email is an admin of more than one shop. */
export const adminSignInSchema = z.strictObject({
  shopId: z.string().min(1).max(64).optional(),
  email: z.string().min(3).max(254),
  password: z.string().min(1).max(512),
});

/** `POST|GET /v1/admin/session`: who is signed in, to which shop, and the CSRF token of writes. */
export const adminSessionSchema = z.object({
  user: z.object({ id: z.string(), shopId: z.string(), email: z.string() }).loose(),
  shop: shopSchema,
  csrfToken: z.string(),
  expiresAt: timestampSchema,
});

const kpi = z.object({ value: z.number(), previous: z.number() });

/** `GET /v1/admin/reports/overview?period=`. */
export const adminOverviewSchema = z.object({
  currency: z.string(),
  otherCurrencies: z.array(
    z.object({ currency: z.string(), orders: z.number(), attributedOrders: z.number(), attributedRevenue: z.number(), commissions: z.number(), commissionsPaid: z.number() }),
  ),
  period: range,
  previousPeriod: range,
  kpis: z.object({
    clicks: kpi,
    orders: kpi,
    attributedOrders: kpi,
    attributedRevenue: kpi,
    commissionsPending: kpi,
    commissionsAvailable: kpi,
    commissionsPaid: kpi,
  }),
  series: z.array(z.object({ date: day, clicks: z.number(), orders: z.number(), attributedRevenue: z.number(), commissions: z.number() })),
});

/** `GET /v1/admin/reports/analytics?period=`. */
export const adminAnalyticsSchema = z.object({
  currency: z.string(),
  topProducts: z.array(z.object({ sku: z.string(), orders: z.number(), sales: z.number() })),
  topRegions: z.array(z.object({ region: z.string(), orders: z.number(), sales: z.number() })),
  conversion: z.array(z.object({ distributorId: z.string(), code: z.string(), name: z.string(), clicks: z.number(), orders: z.number(), rate: z.number().nullable() })),
  activity: z.object({ total: z.number(), active: z.number(), inactive: z.number() }),
  recruitment: z.array(z.object({ date: day, joined: z.number(), recruited: z.number() })),
});

/** A distributor with the dashboard's numbers. */
export const adminDistributorRowSchema = distributorSchema.extend({
  parentCode: z.string().nullable(),
  recruits: z.number(),
  sales: z.number(),
  orders: z.number(),
  commissions: z.number(),
  lastActivityAt: timestampSchema.nullable(),
});

/** `GET /v1/admin/reports/distributors`: a page of the table, with the total when counted. */
export const adminDistributorTableSchema = pageOf(adminDistributorRowSchema).extend({ total: z.number().nullable() });

/** `GET /v1/admin/reports/distributors/{id}/tree?cursor=`: the distributor, its parent and a page of its recruits. */
export const adminDistributorTreeSchema = z.object({
  distributor: adminDistributorRowSchema,
  parent: adminDistributorRowSchema.nullable(),
  recruits: adminDistributorTableSchema,
});

/** `GET /v1/admin/reports/distributors/{id}/ledger`: ledger entries, newest first. */
export const adminLedgerPageSchema = pageOf(
  z.object({
    id: z.string(),
    bucket: z.string(),
    kind: z.string(),
    amount: z.number(),
    currency: z.string(),
    commissionId: z.string().nullable(),
    withdrawalId: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: timestampSchema,
  }),
);

/** `GET /v1/admin/reports/distributors/{id}/coupons`. */
export const adminCouponListSchema = z.object({ data: z.array(z.object({ code: z.string(), createdAt: timestampSchema })) });

/** `GET /v1/admin/reports/orders`: orders with their commissions, what was not paid and why, and refunds. */
export const adminOrderPageSchema = pageOf(
  z.object({
    id: z.string(),
    currency: z.string(),
    totalPaid: z.number(),
    base: z.number(),
    refunded: z.number(),
    region: z.string().nullable(),
    distributorId: z.string().nullable(),
    distributorCode: z.string().nullable(),
    attributionSource: z.string().nullable(),
    placedAt: timestampSchema,
    commissions: z.array(
      z.object({
        id: z.string(),
        distributorId: z.string(),
        distributorCode: z.string().nullable(),
        distributorName: z.string().nullable(),
        level: z.number(),
        amount: z.number(),
        reversed: z.number(),
        status: z.string(),
        summary: z.string(),
        explanation: commissionExplanationSchema,
      }),
    ),
    notPaid: z.array(z.object({ level: z.number(), reason: z.string() })),
    people: z.record(z.string(), z.object({ code: z.string(), name: z.string() })),
    refunds: z.array(z.object({ id: z.string(), amount: z.number().nullable(), createdAt: timestampSchema, reversed: z.number() })),
  }),
);

/** `GET /v1/admin/reports/withdrawals`: withdrawals with who asked and the masked payout account. */
export const adminWithdrawalPageSchema = pageOf(
  withdrawalSchema.extend({
    distributorCode: z.string().nullable(),
    distributorName: z.string().nullable(),
    payoutAccount: z.object({ kind: z.enum(['alipay', 'wechat', 'bank', 'paypal']), summary: z.string() }).nullable(),
  }),
);

/** `GET /v1/admin/reports/compliance`: what was paid at each level, and that nothing is paid for recruiting. */
export const adminComplianceSchema = z.object({
  currency: z.string(),
  otherCurrencies: z.array(z.object({ currency: z.string(), earned: z.number(), reversed: z.number(), net: z.number(), bonuses: z.number(), paidOut: z.number() })),
  levels: z.union([z.literal(1), z.literal(2)]),
  deepestLevelPaid: z.number(),
  joinFee: z.literal(0),
  recruitmentRewards: z.number(),
  byLevel: z.array(z.object({ level: z.number(), earned: z.number(), reversed: z.number(), net: z.number(), available: z.number(), pending: z.number() })),
  bonuses: z.number(),
  paidOut: z.number(),
});

const simulated = z.object({ actual: z.number(), wouldBe: z.number(), delta: z.number(), baseline: z.number(), edit: z.number(), drift: z.number() });

/**
 * `POST /v1/program/simulate`'s body: a draft program (validated by the route
 * with the program schema, as `PUT /v1/program` does) and how many days of
 * recent orders to replay.
 */
export const programSimulateSchema = z.strictObject({
  program: z.unknown().describe('the draft program (as PUT /v1/program takes it)'),
  days: z.number().int().min(1).max(365).default(30),
});

/** `POST /v1/program/simulate`: what a draft program would have paid on recent orders, beside what was paid. */
export const simulationSchema = z.object({
  currency: z.string(),
  days: z.number(),
  from: timestampSchema,
  to: timestampSchema,
  orders: z.number(),
  truncated: z.boolean(),
  total: simulated,
  levels: z.array(simulated.extend({ level: z.union([z.literal(1), z.literal(2)]) })),
  distributors: z.array(simulated.extend({ distributorId: z.string(), code: z.string(), name: z.string() })),
});

/** `GET /v1/admin/setup`: the new shop's checklist. */
export const setupStateSchema = z.object({
  rates: z.object({ done: z.boolean() }),
  tag: z.object({ done: z.boolean(), origin: z.string().nullable(), seenAt: timestampSchema.nullable(), touches: z.boolean() }),
  distributor: z.object({ done: z.boolean(), count: z.number() }),
  testOrder: z.object({ done: z.boolean() }),
  done: z.boolean(),
});

/** `GET /v1/admin/unknown-codes`: referral codes seen on visits that name no distributor. */
export const unknownCodesSchema = z.object({ data: z.array(z.object({ code: z.string(), clicks: z.number(), firstDay: day, lastDay: day })) });

/** `POST /v1/shop/secret-key`: the new secret key, shown once. */
export const secretKeyRotationSchema = z.object({ secretKey: z.string(), rotatedAt: timestampSchema });

export type AdminSignIn = z.input<typeof adminSignInSchema>;
export type AdminSession = z.infer<typeof adminSessionSchema>;
export type AdminOverview = z.infer<typeof adminOverviewSchema>;
export type AdminAnalytics = z.infer<typeof adminAnalyticsSchema>;
export type AdminDistributorRow = z.infer<typeof adminDistributorRowSchema>;
export type AdminDistributorTable = z.infer<typeof adminDistributorTableSchema>;
export type AdminDistributorTree = z.infer<typeof adminDistributorTreeSchema>;
export type AdminOrderPage = z.infer<typeof adminOrderPageSchema>;
export type AdminWithdrawalPage = z.infer<typeof adminWithdrawalPageSchema>;
export type AdminCompliance = z.infer<typeof adminComplianceSchema>;
export type ProgramSimulate = z.input<typeof programSimulateSchema>;
export type ProgramSimulation = z.infer<typeof simulationSchema>;
export type AdminSetupState = z.infer<typeof setupStateSchema>;
