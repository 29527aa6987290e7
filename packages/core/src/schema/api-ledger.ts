import { z } from 'zod';
import { commissionSchema, commissionStatusSchema } from './api-order';
import { currencySchema, pageOf, pageQuerySchema, positiveMoneySchema, signedMoneySchema, textSchema, timestampSchema } from './api-common';

/** A balance in one currency: sums of that currency's ledger entries only. */
export const currencyBalanceSchema = z.object({
  currency: z.string(),
  pending: signedMoneySchema,
  available: signedMoneySchema,
  inWithdrawal: signedMoneySchema,
  paid: signedMoneySchema,
});

/**
 * A distributor's balance: sums of ledger entries. `available` is negative
 * after a clawback. The top-level figures are in the shop's default
 * `currency`; `balances` has one entry per currency (the shop's accepted
 * ones, default first, then any other the ledger holds), never summed
 * across currencies.
 */
export const balanceSchema = z.object({
  distributorId: z.string(),
  currency: z.string(),
  /** Earned, still in the hold period. */
  pending: signedMoneySchema,
  /** Withdrawable now (negative after a clawback: withdrawals blocked until positive). */
  available: signedMoneySchema,
  /** Requested or approved withdrawals not yet paid. */
  inWithdrawal: signedMoneySchema,
  /** Paid out. */
  paid: signedMoneySchema,
  /** Per currency, the default first. */
  balances: z.array(currencyBalanceSchema),
});

/** `GET /v1/commissions?distributorId=&status=&orderId=`. */
export const commissionListQuerySchema = pageQuerySchema.extend({
  distributorId: z.string().max(64).optional(),
  status: commissionStatusSchema.optional(),
  orderId: z.string().max(128).optional(),
});

/** `POST /v1/settlements` → how many commissions became available. */
export const settlementResultSchema = z.object({ settled: z.number(), amount: z.number() });

/** A withdrawal's lifecycle. */
export const withdrawalStatusSchema = z.enum(['requested', 'approved', 'rejected', 'paid']);

/** A payout account of the distributor (`pay_…`) the withdrawal is to be paid to. */
const payoutAccountIdSchema = z.string().min(1).max(64);

/**
 * `POST /v1/withdrawals` (secret key). `currency`: of the balance to withdraw
 * from, the shop's default when left out. `payoutAccountId`: where to pay it
 * (one of the distributor's payout accounts); without it the mass-pay export
 * uses the distributor's latest account of the file's kind.
 */
export const withdrawalCreateSchema = z.strictObject({
  distributorId: z.string().min(1).max(64),
  amount: positiveMoneySchema,
  currency: currencySchema.optional(),
  payoutAccountId: payoutAccountIdSchema.optional(),
});

/** `POST /v1/me/withdrawals` (distributor session); `currency` and `payoutAccountId` as in `POST /v1/withdrawals`. */
export const meWithdrawalCreateSchema = z.strictObject({ amount: positiveMoneySchema, currency: currencySchema.optional(), payoutAccountId: payoutAccountIdSchema.optional() });

/** `POST /v1/withdrawals/{id}/reject`. */
export const withdrawalRejectSchema = z.strictObject({ reason: textSchema(500).min(1, 'a reason is required') });

/** `POST /v1/withdrawals/{id}/paid`: the payment's external reference (bank, Alipay, WeChat Pay, PayPal). */
export const withdrawalPaidSchema = z.strictObject({ reference: textSchema(200).min(1, 'a payment reference is required') });

/** A withdrawal. `fee` is kept by the shop's payout policy; `net` is what is sent. */
export const withdrawalSchema = z.object({
  id: z.string(),
  distributorId: z.string(),
  currency: z.string(),
  amount: z.number(),
  fee: z.number(),
  net: z.number(),
  status: withdrawalStatusSchema,
  reason: z.string().nullable(),
  reference: z.string().nullable(),
  /** The payout account it is to be paid to; null when the request named none. */
  payoutAccountId: z.string().nullable().optional(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** `GET /v1/withdrawals?status=&distributorId=`. */
export const withdrawalListQuerySchema = pageQuerySchema.extend({
  status: withdrawalStatusSchema.optional(),
  distributorId: z.string().max(64).optional(),
});

export const commissionPageSchema = pageOf(commissionSchema);
export const withdrawalPageSchema = pageOf(withdrawalSchema);

export type Balance = z.infer<typeof balanceSchema>;
export type CurrencyBalance = z.infer<typeof currencyBalanceSchema>;
export type CommissionListQuery = z.input<typeof commissionListQuerySchema>;
export type SettlementResult = z.infer<typeof settlementResultSchema>;
export type WithdrawalStatus = z.infer<typeof withdrawalStatusSchema>;
export type WithdrawalCreate = z.input<typeof withdrawalCreateSchema>;
export type MeWithdrawalCreate = z.input<typeof meWithdrawalCreateSchema>;
export type WithdrawalReject = z.input<typeof withdrawalRejectSchema>;
export type WithdrawalPaid = z.input<typeof withdrawalPaidSchema>;
export type Withdrawal = z.infer<typeof withdrawalSchema>;
export type WithdrawalListQuery = z.input<typeof withdrawalListQuerySchema>;
export type WithdrawalPage = z.infer<typeof withdrawalPageSchema>;
export type CommissionPage = z.infer<typeof commissionPageSchema>;
