import { z } from 'zod';
import { currencySchema, textSchema, timestampSchema } from './api-common';

/** An allowed browser origin: scheme, host and optional port, nothing else. */
export const originSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'an origin is scheme://host[:port], e.g. "https://shop.example"');

/** `POST /v1/shops` (operator). */
export const shopCreateSchema = z.strictObject({
  name: textSchema(200).min(1, 'name is required'),
  currency: currencySchema.default('CNY'),
  allowedOrigins: z.array(originSchema).max(50).default([]),
});

/** A shop, as the operator and the shop server see it. */
export const shopSchema = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  allowedOrigins: z.array(z.string()),
  publishableKey: z.string(),
  createdAt: timestampSchema,
});

/** `POST /v1/shops` → 201: the shop and its secret key, shown this once. */
export const shopCreatedSchema = shopSchema.extend({ secretKey: z.string() });

export type ShopCreate = z.input<typeof shopCreateSchema>;
export type Shop = z.infer<typeof shopSchema>;
export type ShopCreated = z.infer<typeof shopCreatedSchema>;
