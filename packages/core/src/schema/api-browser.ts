import { z } from 'zod';
import { balanceSchema } from './api-ledger';
import { distributorCreateSchema, distributorLocaleSchema, distributorSchema } from './api-distributor';
import {
  browserIdSchema,
  currencyCodeSchema,
  externalIdSchema,
  moneySchema,
  publishableKeySchema,
  referralCodeSchema,
  textSchema,
  timestampSchema,
} from './api-common';

/** `POST /v1/track/click` (publishable key, `text/plain` JSON allowed) → 202. A repeated `eventId` is a no-op. */
export const clickEventSchema = z.strictObject({
  key: publishableKeySchema,
  code: referralCodeSchema,
  visitorId: browserIdSchema,
  eventId: browserIdSchema,
  url: textSchema(2048).min(1),
  referrer: textSchema(2048).optional(),
});

/** `POST /v1/track/conversion` (publishable key) → 202, recorded as unverified until a verified order with the same `orderId` confirms it. */
export const conversionEventSchema = z.strictObject({
  key: publishableKeySchema,
  eventId: browserIdSchema,
  visitorId: browserIdSchema,
  orderId: externalIdSchema,
  amount: moneySchema,
  currency: currencyCodeSchema,
  code: referralCodeSchema.optional(),
  url: textSchema(2048).optional(),
});

/** `202 { accepted: true, duplicate }` of the tracking endpoints. */
export const trackAcceptedSchema = z.object({ accepted: z.literal(true), duplicate: z.boolean() });

/**
 * `202` of `POST /v1/track/click`: also `unknownCode: true` when the code names no distributor of
 * the shop (the touch is stored all the same; the tag warns in the console).
 */
export const clickAcceptedSchema = trackAcceptedSchema.extend({ unknownCode: z.literal(true).optional() });

/**
 * `202 { accepted: true, duplicate, verified: false }` of `POST /v1/track/conversion`:
 * a browser conversion is recorded as unverified, and the answer is the same
 * whether or not an order with that id exists, so a page cannot probe order
 * ids. Whether a verified order confirmed it is read with the secret key
 * (`GET /v1/conversions`).
 */
export const conversionAcceptedSchema = trackAcceptedSchema.extend({ verified: z.literal(false) });

/** `POST /v1/sessions`: the shop's identity token (signed with its secret key) for a distributor session. */
export const sessionCreateSchema = z.strictObject({
  key: publishableKeySchema,
  identityToken: z.string().min(1).max(4096),
  /** The visitor, so that joining can use the distributor the visitor came through as parent. */
  visitorId: browserIdSchema.optional(),
});

/**
 * The claims of an identity token, validated with the fields of
 * `POST /v1/distributors` (`userId` as `externalId`, `name`, `email`), since
 * joining makes a distributor of them. Other claims are ignored.
 */
export const identityClaimsSchema = z.object({
  userId: externalIdSchema,
  email: distributorCreateSchema.shape.email,
  name: distributorCreateSchema.shape.name.optional(),
  exp: z.number().int(),
});

/** The shop's user behind a session. */
export const sessionUserSchema = z.object({
  userId: z.string(),
  email: z.string().optional(),
  name: z.string().optional(),
});

/** `POST /v1/sessions` → 201. Send `Authorization: Bearer <session>` on `/v1/me…`. */
export const sessionResultSchema = z.object({
  session: z.string(),
  expiresAt: timestampSchema,
  user: sessionUserSchema,
  distributor: distributorSchema.nullable(),
});

/** `GET /v1/me`: who I am, my links, my balance, and what the program allows. */
export const meResponseSchema = z.object({
  user: sessionUserSchema,
  distributor: distributorSchema.nullable(),
  /** Share links on each allowed origin of the shop, `?ref=CODE`; empty until joined. */
  links: z.array(z.string()),
  balance: balanceSchema.nullable(),
  program: z.object({
    levels: z.number(),
    joinPolicy: z.enum(['open', 'approval']),
    minWithdrawal: z.number(),
    currency: z.string(),
  }),
});

/** `POST /v1/me/join`: becoming a distributor never costs anything; terms must be accepted. */
export const meJoinSchema = z.strictObject({
  acceptTerms: z.literal(true, { error: 'acceptTerms must be true' }),
  parentCode: referralCodeSchema.optional(),
  name: textSchema(200).min(1).optional(),
  /** The language the panel shows, used for the distributor's emails. */
  locale: distributorLocaleSchema.optional(),
});

/** One of my direct recruits, with the sales they brought. Nothing deeper is shown. */
export const recruitSchema = z.object({
  id: z.string(),
  code: z.string(),
  displayName: z.string(),
  status: z.string(),
  joinedAt: timestampSchema,
  /** Their sales as the dashboard counts them (docs/figures.md): paid, shipping and tax included, less refunds; minor units. */
  sales: z.number(),
  /** Their orders not refunded in full. */
  orders: z.number(),
  /** What I earned at level 2 on their sales. */
  myCommission: z.number(),
});

/** `GET /v1/me/recruits`. */
export const meRecruitsSchema = z.object({ data: z.array(recruitSchema) });

export type ClickEvent = z.input<typeof clickEventSchema>;
export type ConversionEvent = z.input<typeof conversionEventSchema>;
export type TrackAccepted = z.infer<typeof trackAcceptedSchema>;
export type ClickAccepted = z.infer<typeof clickAcceptedSchema>;
export type ConversionAccepted = z.infer<typeof conversionAcceptedSchema>;
export type SessionCreate = z.input<typeof sessionCreateSchema>;
export type IdentityClaimsInput = z.input<typeof identityClaimsSchema>;
export type SessionUser = z.infer<typeof sessionUserSchema>;
export type SessionResult = z.infer<typeof sessionResultSchema>;
export type MeResponse = z.infer<typeof meResponseSchema>;
export type MeJoin = z.input<typeof meJoinSchema>;
export type Recruit = z.infer<typeof recruitSchema>;
export type MeRecruits = z.infer<typeof meRecruitsSchema>;
