import { z } from 'zod';
import { normalizeCurrency } from '../money/currency';
import { minorUnitsSchema } from './program';

/** Largest amount of money the API accepts, in minor units (leaves room for exact commission arithmetic). */
export const MAX_MINOR_UNITS = Math.floor(Number.MAX_SAFE_INTEGER / 10_000);

/** Text without control characters. */
const printable = /^[^\u0000-\u001f\u007f]*$/;

/** A shop's own identifier (order id, refund id, external id): 1–128 printable characters. */
export const externalIdSchema = z
  .string({ error: 'must be a string id' })
  .min(1, 'id cannot be empty')
  .max(128, 'id is at most 128 characters')
  .regex(printable, 'id cannot contain control characters');

/** Free text of bounded length without control characters. */
export const textSchema = (max: number) =>
  z.string().max(max, `at most ${max} characters`).regex(printable, 'control characters are not allowed');

/**
 * A three-letter currency code as a request names it: trimmed and upper-cased
 * on input (`" usd "` → `"USD"`). Orders, refunds and conversions use this
 * one: whether the shop accepts the code (and whether it is an ISO 4217
 * currency at all) is the server's answer, 422 `currency_mismatch`.
 */
export const currencyCodeSchema = z
  .string({ error: 'currency must be a three-letter code' })
  .max(16, 'currency is a three-letter ISO 4217 code')
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'currency is a three-letter ISO 4217 code such as "CNY" or "USD"')
  .toUpperCase();

/**
 * An ISO 4217 currency, upper-cased on input: an active code with a minor
 * unit (core's `normalizeCurrency`), so `XXX`, `XTS` or made-up codes are
 * refused. A shop's currencies, a withdrawal's currency and the stats filter
 * use it.
 */
export const currencySchema = currencyCodeSchema.refine((code) => normalizeCurrency(code) !== null, {
  message: 'currency is not an active ISO 4217 currency with a minor unit (e.g. "CNY", "USD", "JPY")',
});

/** A distributor's referral code: 1–64 letters, digits, `_` or `-` (core's `isValidReferralCode`). */
export const referralCodeSchema = z
  .string({ error: 'referral code must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a referral code is 1–64 letters, digits, "_" or "-"');

/** A publishable key, `pk_…`. */
export const publishableKeySchema = z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/, 'key must be a publishable key (pk_…)');

/** A first-party visitor or event id generated in the browser. */
export const browserIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, "_" or "-"');

/** Money in minor units, ≥ 0. */
export const moneySchema = minorUnitsSchema;

/** Money in minor units, ≥ 1. */
export const positiveMoneySchema = minorUnitsSchema.min(1, 'amount must be at least 1 minor unit');

/** Money that may be negative (balances after a clawback). */
export const signedMoneySchema = z.number().int().min(-MAX_MINOR_UNITS).max(MAX_MINOR_UNITS);

/** An ISO 8601 instant with offset. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** `{ error: { code, message, details? } }`, the one error shape of every endpoint. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** Query of every list endpoint: `?limit=&cursor=`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A page of a list: `data` and the cursor of the next page (`null` on the last). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export type ApiError = z.infer<typeof apiErrorSchema>;
export type PageQuery = z.infer<typeof pageQuerySchema>;
/** A page of `T`. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
