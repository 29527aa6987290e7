import { browserIdSchema, orderCreateSchema, referralCodeSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { invalid } from '../../domain/errors';
import type { OrderInput } from '../../services/orders';

/** What twotier reads of a Checkout Session. */
export const checkoutSessionSchema = z.object({
  id: z.string().min(1).max(255),
  amount_total: z.number().int().min(0).nullable().optional(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/).nullable().optional(),
  client_reference_id: z.string().nullable().optional(),
  payment_intent: z.string().max(255).nullable().optional(),
  payment_status: z.string().optional(),
  created: z.number().int().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  customer_details: z.object({ email: z.string().nullable().optional() }).passthrough().nullable().optional(),
  total_details: z
    .object({ amount_discount: z.number().int().optional(), amount_shipping: z.number().int().optional(), amount_tax: z.number().int().optional() })
    .nullable()
    .optional(),
});

export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;

const itemsSchema = z.array(z.object({ sku: z.string(), quantity: z.number(), unitPrice: z.number(), category: z.string().optional(), discount: z.number().optional() }));

const ok = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
};

/**
 * The verified order a paid Checkout Session becomes. Metadata the shop set
 * on the session: `twotier_order_id` (else the session id), `twotier_ref`
 * (referral code), `twotier_coupon`, `twotier_region`, and `twotier_items`
 * (JSON `[{ sku, quantity, unitPrice, category? }]`); without items the
 * amount paid less shipping and tax is one line. `client_reference_id` is
 * the visitor id the twotier tag gave the browser.
 */
export function orderFromSession(session: CheckoutSession): OrderInput {
  const meta = session.metadata ?? {};
  const totals = session.total_details ?? {};
  const shipping = totals.amount_shipping ?? 0;
  const tax = totals.amount_tax ?? 0;
  let items: unknown;
  if (meta.twotier_items) {
    try {
      items = ok(itemsSchema, JSON.parse(meta.twotier_items));
    } catch {
      items = undefined;
    }
    if (!items) throw invalid('invalid_metadata', 'metadata.twotier_items must be JSON [{ sku, quantity, unitPrice, category? }]');
  }
  const amount = session.amount_total ?? 0;
  const body = {
    id: meta.twotier_order_id ?? session.id,
    currency: (session.currency ?? '').toUpperCase(),
    items: items ?? [{ sku: meta.twotier_sku ?? 'stripe-checkout', quantity: 1, unitPrice: Math.max(0, amount - shipping - tax) }],
    ...(items && totals.amount_discount ? { discount: totals.amount_discount } : {}),
    ...(shipping ? { shipping } : {}),
    ...(tax ? { tax } : {}),
    ...(ok(browserIdSchema, session.client_reference_id) ? { visitorId: session.client_reference_id } : {}),
    ...(ok(referralCodeSchema, meta.twotier_ref) ? { referralCode: meta.twotier_ref } : {}),
    ...(meta.twotier_coupon ? { couponCode: meta.twotier_coupon } : {}),
    ...(meta.twotier_region ? { region: meta.twotier_region } : {}),
    ...(ok(z.email(), session.customer_details?.email) ? { customer: { email: session.customer_details!.email! } } : {}),
    ...(session.created ? { placedAt: new Date(session.created * 1000).toISOString() } : {}),
  };
  const parsed = orderCreateSchema.safeParse(body);
  if (!parsed.success) {
    throw invalid('invalid_checkout_session', `the session does not make a valid order: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
