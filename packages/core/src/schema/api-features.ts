import { browserIdSchema, publishableKeySchema, referralCodeSchema, timestampSchema } from './api-common';
import { z } from 'zod';

/**
 * Wire schemas of the server's endpoints beyond API.md's fixed list:
 * bonuses, referee rewards, settings, Stripe, stats. The routes validate
 * with them and the OpenAPI document is generated from them.
 */

/** `POST /v1/bonuses/run` answer. */
export const bonusRunResultSchema = z.object({
  periods: z.array(z.object({ period: z.string(), distributors: z.number(), total: z.number() })),
  upgrades: z.array(z.object({ distributorId: z.string(), from: z.string().nullable(), to: z.string() })),
});

/** `GET /v1/bonuses?distributorId=&period=`. */
export const bonusListQuerySchema = z.object({
  distributorId: z.string().max(64).optional(),
  period: z.string().regex(/^(month|week):\d{4}-\d{2}-\d{2}$/, 'period is like "month:2026-03-01"').optional(),
});

/** A bonus paid for a period, with its explanation. */
export const bonusSchema = z.object({
  id: z.string(),
  distributorId: z.string(),
  period: z.string(),
  kind: z.enum(['performance', 'team']),
  sales: z.number(),
  amount: z.number(),
  currency: z.string(),
  explanation: z.string(),
  tier: z.unknown(),
  createdAt: timestampSchema,
});

export const bonusListSchema = z.object({ data: z.array(bonusSchema) });

/** A coupon code of the shop's own cart, as the pool takes it. */
export const poolCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'a coupon code is 2–64 letters, digits, "_" or "-"');

/** `POST /v1/referee-rewards/pool` `{ codes[] }`: adds codes to the pool of welcome coupons. */
export const rewardPoolUploadSchema = z.strictObject({ codes: z.array(poolCodeSchema).min(1).max(10_000) });

/** The pool after an upload, or on `GET /v1/referee-rewards/pool`. */
export const rewardPoolSchema = z.object({
  enabled: z.boolean(),
  added: z.number().optional(),
  skipped: z.array(z.string()).optional(),
  available: z.number(),
  assigned: z.number(),
});

/** `GET /v1/public/welcome?key=&code=&visitorId=`. */
export const welcomeQuerySchema = z.object({
  key: publishableKeySchema,
  code: referralCodeSchema,
  visitorId: browserIdSchema,
});

/** The welcome offer: a coupon of the pool for this visitor (the same one on every call), or none. */
export const welcomeSchema = z.object({
  distributor: z.object({ code: z.string(), displayName: z.string() }),
  coupon: z.string().nullable(),
  reason: z.enum(['assigned', 'already_assigned', 'disabled', 'pool_empty']),
});

/**
 * Why a welcome request was refused (the error's `code` and `details.reason`):
 * 409 `no_referral_visit` (the server has no touch of this visitor through
 * this distributor's link inside the attribution window); 429
 * `ip_daily_limit` or `distributor_daily_limit` (with `Retry-After` until the
 * next UTC day).
 */
export const welcomeRefusalSchema = z.enum(['no_referral_visit', 'ip_daily_limit', 'distributor_daily_limit']);

/** `GET|PATCH /v1/settings`: server-side settings of the shop (beside the program). */
export const shopSettingsPatchSchema = z.strictObject({
  refereeRewardEnabled: z.boolean().optional(),
  clickRetentionDays: z.number().int().min(1).max(3650).nullable().optional(),
  /** Welcome coupons one distributor's link may hand out per UTC day (default 20). */
  welcomeDailyCapPerDistributor: z.number().int().min(1).max(100_000).optional(),
  /** Welcome coupons one client IP may take per UTC day (default 1; raise it where many buyers share an address). */
  welcomeDailyCapPerIp: z.number().int().min(1).max(1_000).optional(),
});

export const shopSettingsSchema = z.object({
  refereeRewardEnabled: z.boolean(),
  clickRetentionDays: z.number().nullable(),
  stripeConfigured: z.boolean(),
  welcomeDailyCapPerDistributor: z.number(),
  welcomeDailyCapPerIp: z.number(),
});

/** `PUT /v1/integrations/stripe` `{ signingSecret }`: Stripe's webhook signing secret of this shop. */
export const stripeSettingsSchema = z.strictObject({
  signingSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=_-]{8,200}$/, 'signingSecret is the whsec_… secret of your Stripe webhook endpoint'),
});

/** What a Stripe event became. */
export const stripeResultSchema = z.object({
  received: z.literal(true),
  duplicate: z.boolean(),
  result: z.unknown(),
});
