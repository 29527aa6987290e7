import { z } from 'zod';
import { currencySchema } from './api-common';
import { distributorListQuerySchema } from './api-distributor';
import { withdrawalListQuerySchema } from './api-ledger';

/**
 * The query strings of the dashboard's reports (`/v1/admin/reports/…`) and
 * of the payout files: the server declares those routes with them, and the
 * dashboard and the sdk type the query strings they build from them.
 */

const dateish = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** `?from=&to=` of the reports: ISO dates (inclusive days) or datetimes; default the last 30 days. */
export const periodQuerySchema = z.object({ from: dateish.optional(), to: dateish.optional() });

/**
 * The distributor table's query: the API's distributor list query, whose
 * `sort` also takes `sales`, `commissions`, `recruits` and `lastActivity`,
 * each ascending or with `-` descending.
 */
export const distributorTableQuerySchema = distributorListQuerySchema.extend({
  sort: z
    .enum(['createdAt', '-createdAt', 'code', 'name', 'sales', '-sales', 'commissions', '-commissions', 'recruits', '-recruits', 'lastActivity', '-lastActivity'])
    .default('-createdAt'),
});

/** `GET /v1/admin/reports/orders` filters. */
export const orderListQuerySchema = z.object({
  distributorId: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  status: z.enum(['attributed', 'organic', 'refunded']).optional(),
  /** An order id, or its start: `ord_1042` finds `ord_1042` and `ord_10421`. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** The mass-pay files: a bank transfer sheet, Alipay 批量转账, WeChat Pay 商家转账到零钱, PayPal Payouts. */
export const PAYOUT_FORMATS = ['bank', 'alipay', 'wechat', 'paypal'] as const;

/** `GET /v1/admin/reports/payouts.csv?status=&format=&currency=`: the dashboard's payout file. */
export const payoutsCsvQuerySchema = z.object({
  status: z.enum(['requested', 'approved', 'paid']).default('approved'),
  format: z.enum(PAYOUT_FORMATS).default('bank'),
  currency: z.string().length(3).toUpperCase().optional(),
});

/**
 * `GET /v1/withdrawals.csv?status=&distributorId=&format=&currency=&appid=&batch=&encoding=`.
 * Without `format` the file is the generic export it always was; with one,
 * the payment service's bulk template.
 */
export const withdrawalCsvQuerySchema = withdrawalListQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(PAYOUT_FORMATS).optional(),
  currency: currencySchema.optional(),
  appid: z.string().regex(/^wx[0-9a-fA-F]{16}$/, 'a WeChat AppID is "wx" and 16 hex digits').optional(),
  batch: z.string().regex(/^[A-Za-z0-9]{5,32}$/, 'a WeChat batch number (商家批次单号) is 5–32 letters or digits').optional(),
  encoding: z.enum(['utf-8', 'gbk']).optional(),
});

export type PeriodQuery = z.input<typeof periodQuerySchema>;
export type DistributorTableQuery = z.input<typeof distributorTableQuerySchema>;
export type OrderListQuery = z.input<typeof orderListQuerySchema>;
export type PayoutFormat = (typeof PAYOUT_FORMATS)[number];
export type PayoutsCsvQuery = z.input<typeof payoutsCsvQuerySchema>;
export type WithdrawalCsvQuery = z.input<typeof withdrawalCsvQuerySchema>;
