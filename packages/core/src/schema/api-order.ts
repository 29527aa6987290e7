import { z } from 'zod';
import {
  MAX_MINOR_UNITS,
  browserIdSchema,
  currencyCodeSchema,
  externalIdSchema,
  moneySchema,
  positiveMoneySchema,
  referralCodeSchema,
  textSchema,
  timestampSchema,
} from './api-common';

/** A line of an order: `quantity × unitPrice − discount` is its commission base. */
export const orderItemSchema = z
  .strictObject({
    sku: textSchema(128).min(1, 'sku is required'),
    category: textSchema(128).min(1).optional(),
    quantity: z.number().int('quantity must be a whole number').min(1, 'quantity must be at least 1').max(1_000_000),
    unitPrice: moneySchema,
    discount: moneySchema.optional(),
  })
  .refine((l) => (l.discount ?? 0) <= l.quantity * l.unitPrice, {
    message: 'a line discount cannot exceed quantity × unitPrice',
    path: ['discount'],
  });

/** `POST /v1/orders` (secret key): a paid order, verified by the shop's server. */
export const orderCreateSchema = z
  .strictObject({
    id: externalIdSchema,
    currency: currencyCodeSchema,
    items: z.array(orderItemSchema).min(1, 'an order has at least one item').max(500),
    discount: moneySchema.optional(),
    shipping: moneySchema.optional(),
    tax: moneySchema.optional(),
    customer: z.strictObject({ id: externalIdSchema.optional(), email: z.email().max(254).optional() }).optional(),
    region: textSchema(64).min(1).optional(),
    referralCode: referralCodeSchema.optional(),
    couponCode: textSchema(64).min(1).optional(),
    visitorId: browserIdSchema.optional(),
    placedAt: timestampSchema.optional(),
  })
  .superRefine((o, ctx) => {
    let gross = 0;
    let lines = 0;
    for (const l of o.items) {
      gross += l.quantity * l.unitPrice;
      lines += l.quantity * l.unitPrice - (l.discount ?? 0);
    }
    if (gross + (o.shipping ?? 0) + (o.tax ?? 0) > MAX_MINOR_UNITS) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: `order total exceeds ${MAX_MINOR_UNITS} minor units` });
    } else if ((o.discount ?? 0) > lines) {
      ctx.addIssue({ code: 'custom', path: ['discount'], message: 'order discount cannot exceed the sum of the lines' });
    }
  });

/** How an order was attributed. */
export const attributionSourceSchema = z.enum(['explicit', 'coupon', 'binding', 'touch']);

/** A stored order. `attribution` is `null` for an organic order. */
export const orderSchema = z.object({
  id: z.string(),
  currency: z.string(),
  items: z.array(z.object({ sku: z.string(), category: z.string().optional(), quantity: z.number(), unitPrice: z.number(), discount: z.number().optional() })),
  discount: z.number(),
  shipping: z.number(),
  tax: z.number(),
  base: z.number(),
  totalPaid: z.number(),
  refunded: z.number(),
  customer: z.object({ id: z.string().optional(), email: z.string().optional() }).nullable(),
  region: z.string().nullable(),
  attribution: z
    .object({ code: z.string(), distributorId: z.string(), source: attributionSourceSchema, selfPurchase: z.boolean() })
    .nullable(),
  placedAt: timestampSchema,
  createdAt: timestampSchema,
});

/** A commission's lifecycle: `pending` during the hold period, then `available`; `reversed` once fully refunded. */
export const commissionStatusSchema = z.enum(['pending', 'available', 'reversed']);

/**
 * How a commission was computed, as stored with it: each line's base and the
 * rate that applied (and where the rate came from), and the cap. What
 * `describeCommission` turns into words.
 */
export const commissionExplanationSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: z.string(),
        quantity: z.number(),
        base: z.number(),
        excluded: z.boolean(),
        rate: z.union([z.object({ percentBps: z.number() }), z.object({ fixedPerUnit: z.number().optional(), fixedPerUnitByCurrency: z.unknown().optional() })]).nullable(),
        source: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('rule'), ruleId: z.string() }),
            z.object({ kind: z.literal('grade'), gradeId: z.string() }),
            z.object({ kind: z.literal('default') }),
          ])
          .optional(),
        noAmountIn: z.string().optional(),
      }),
    )
    .optional(),
  cap: z.object({ capBps: z.number() }).nullable().optional(),
});

/** One level's commission on one order, with the engine's explanation. */
export const commissionSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  distributorId: z.string(),
  level: z.union([z.literal(1), z.literal(2)]),
  currency: z.string(),
  /** As earned, minor units. */
  amount: z.number(),
  /** Taken back by refunds so far. */
  reversed: z.number(),
  status: commissionStatusSchema,
  /** Which rule gave which rate on which line, and the cap (core's `LevelCommission` without the amount). */
  explanation: commissionExplanationSchema,
  availableAt: timestampSchema,
  createdAt: timestampSchema,
});

/** `POST /v1/orders` → 201 (first time) or 200 (replay), always the same body. */
export const orderResultSchema = z.object({
  order: orderSchema,
  commissions: z.array(commissionSchema),
  notPaid: z.array(z.object({ level: z.number(), reason: z.string() })),
});

/**
 * `POST /v1/orders/{id}/refunds`: by amount, by items, or both; `id` is the
 * shop's refund id (idempotent). `currency`, when given, must be the order's
 * (422 `currency_mismatch` otherwise); a refund is always in the order's currency.
 */
export const refundCreateSchema = z
  .strictObject({
    id: externalIdSchema,
    currency: currencyCodeSchema.optional(),
    amount: positiveMoneySchema.optional(),
    items: z
      .array(z.strictObject({ sku: textSchema(128).min(1), quantity: z.number().int().min(1).max(1_000_000) }))
      .min(1)
      .max(500)
      .optional(),
  })
  .refine((r) => r.amount !== undefined || r.items !== undefined, { message: 'a refund needs amount or items' });

/** One level's reversal. `clawback` is true when the commission had already become available. */
export const reversalSchema = z.object({
  commissionId: z.string(),
  distributorId: z.string(),
  level: z.union([z.literal(1), z.literal(2)]),
  amount: z.number(),
  cumulative: z.number(),
  earned: z.number(),
  clawback: z.boolean(),
});

/** `POST /v1/orders/{id}/refunds` → 201 (first time) or 200 (replay). */
export const refundResultSchema = z.object({
  refund: z.object({
    id: z.string(),
    orderId: z.string(),
    amount: z.number().nullable(),
    items: z.array(z.object({ sku: z.string(), quantity: z.number() })).nullable(),
    createdAt: timestampSchema,
  }),
  reversals: z.array(reversalSchema),
});

export type OrderItem = z.input<typeof orderItemSchema>;
export type OrderCreate = z.input<typeof orderCreateSchema>;
export type AttributionSource = z.infer<typeof attributionSourceSchema>;
export type Order = z.infer<typeof orderSchema>;
export type CommissionStatus = z.infer<typeof commissionStatusSchema>;
export type Commission = z.infer<typeof commissionSchema>;
export type OrderResult = z.infer<typeof orderResultSchema>;
export type RefundCreate = z.input<typeof refundCreateSchema>;
export type Reversal = z.infer<typeof reversalSchema>;
export type RefundResult = z.infer<typeof refundResultSchema>;
