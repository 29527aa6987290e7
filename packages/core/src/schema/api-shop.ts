import { z } from 'zod';
import { currencySchema, textSchema, timestampSchema } from './api-common';
import { normalizeOrigin } from './origin';

/**
 * An allowed browser origin: scheme, host and optional port, nothing else;
 * stored as browsers send it (`normalizeOrigin`: `HTTPS://ShopA.example:443/`
 * becomes `https://shopa.example`).
 */
export const originSchema = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const origin = normalizeOrigin(value);
    if (origin !== null) return origin;
    ctx.addIssue({ code: 'custom', message: 'an origin is scheme://host[:port], without a path, e.g. "https://shop.example"' });
    return z.NEVER;
  });

/** A shop's allowed origins, normalised, each once. */
export const allowedOriginsSchema = z
  .array(originSchema)
  .max(50)
  .transform((list) => [...new Set(list)]);

/** A shop's accepted currencies: 1–20 ISO 4217 codes, no repeats; the first is its default. */
export const shopCurrenciesSchema = z
  .array(currencySchema)
  .min(1, 'a shop accepts at least one currency')
  .max(20, 'at most 20 currencies')
  .refine((list) => new Set(list).size === list.length, { message: 'a currency is listed once' });

/**
 * `POST /v1/shops` (operator). `currency` is the default currency; a shop
 * created with `currency` alone accepts only that one. With `currencies`
 * the first is the default (and `currency`, when also given, must be it).
 */
export const shopCreateSchema = z
  .strictObject({
    name: textSchema(200).min(1, 'name is required'),
    currency: currencySchema.optional(),
    currencies: shopCurrenciesSchema.optional(),
    allowedOrigins: allowedOriginsSchema.default([]),
  })
  .refine((s) => s.currency === undefined || s.currencies === undefined || s.currencies[0] === s.currency, {
    message: 'currency is the default currency: it must be the first of currencies',
    path: ['currency'],
  })
  .transform(({ currency, currencies, ...rest }) => {
    const list = currencies ?? [currency ?? 'CNY'];
    return { ...rest, currency: list[0] as string, currencies: list };
  });

/**
 * `PATCH /v1/shop` (the dashboard's shop settings): the name, the allowed
 * origins (normalised as `POST /v1/shops` takes them) or the accepted
 * currencies; at least one of them.
 */
export const shopPatchSchema = z
  .strictObject({ name: z.string().min(1).max(200).optional(), allowedOrigins: allowedOriginsSchema.optional(), currencies: shopCurrenciesSchema.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change: give name, allowedOrigins or currencies' });

/** A shop, as the operator and the shop server see it. */
export const shopSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The default currency: `currencies[0]`. */
  currency: z.string(),
  /** Every currency the shop accepts, the default first; amounts in different currencies are never added together. */
  currencies: z.array(z.string()),
  allowedOrigins: z.array(z.string()),
  publishableKey: z.string(),
  createdAt: timestampSchema,
});

/** `POST /v1/shops` → 201: the shop and its secret key, shown this once. */
export const shopCreatedSchema = shopSchema.extend({ secretKey: z.string() });

export type ShopCreate = z.input<typeof shopCreateSchema>;
export type ShopPatch = z.input<typeof shopPatchSchema>;
export type Shop = z.infer<typeof shopSchema>;
export type ShopCreated = z.infer<typeof shopCreatedSchema>;
