import { z } from 'zod';
import type { ShopRecord } from '../../context';
import type { Db } from '../../db';
import { invalid } from '../../domain/errors';
import { submitOrder, submitRefund } from '../record';
import type { Handled } from '../run-delivery';
import { checkoutSessionSchema, orderFromSession } from './stripe-order';

const eventSchema = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, 'a Stripe event id is evt_…'),
  type: z.string().max(100),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const chargeSchema = z.object({
  id: z.string().min(1).max(255),
  payment_intent: z.string().max(255).nullable().optional(),
  amount_refunded: z.number().int().min(0),
  refunds: z
    .object({ data: z.array(z.object({ id: z.string().min(1).max(128), amount: z.number().int().min(1), status: z.string().optional() })) })
    .nullable()
    .optional(),
});

/** What an event became (stored per event id, returned again on a replay). */
export type StripeOutcome =
  | { kind: 'order'; orderId: string; status: number }
  | { kind: 'refunds'; orderId: string; refunds: { id: string; status: number }[] }
  | { kind: 'ignored'; reason: string };

/** Parses a verified Stripe event body; 400 when it is not one. */
export function parseStripeEvent(body: unknown): z.infer<typeof eventSchema> {
  const r = eventSchema.safeParse(body);
  if (!r.success) throw invalid('invalid_event', `not a Stripe event: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** The event log's outcome of what a Stripe event became. */
export const stripeHandled = (outcome: StripeOutcome): Handled => ({
  outcome: outcome.kind === 'refunds' ? 'refund' : outcome.kind,
  orderId: outcome.kind === 'ignored' ? null : outcome.orderId,
  result: outcome,
});

/**
 * Turns a verified Stripe event into twotier's records through the connector
 * layer (the order and refund services, like every platform): a paid
 * `checkout.session.completed` (or `…async_payment_succeeded`) becomes a
 * verified order, `charge.refunded` becomes refunds of that order (one per
 * Stripe refund id, so replays change nothing). Other events are ignored.
 */
export async function handleStripeEvent(db: Db, shop: ShopRecord, event: z.infer<typeof eventSchema>, now: number): Promise<StripeOutcome> {
  if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded') {
    const parsed = checkoutSessionSchema.safeParse(event.data.object);
    if (!parsed.success) throw invalid('invalid_checkout_session', 'data.object is not a Checkout Session');
    const session = parsed.data;
    if (session.payment_status !== 'paid' && session.payment_status !== 'no_payment_required') {
      return { kind: 'ignored', reason: `payment_status is ${session.payment_status ?? 'missing'}; the order is recorded when it is paid` };
    }
    const input = orderFromSession(session);
    const outcome = await submitOrder(db, shop, input, now);
    if (session.payment_intent) {
      await db.writeTx((tx) =>
        tx
          .insertInto('stripe_payments')
          .values({ shop_id: shop.id, payment_intent: session.payment_intent!, order_id: input.id, created_at: now })
          .onConflict((oc) => oc.columns(['shop_id', 'payment_intent']).doNothing())
          .execute(),
      );
    }
    return { kind: 'order', orderId: input.id, status: outcome.status };
  }
  if (event.type === 'charge.refunded') {
    const parsed = chargeSchema.safeParse(event.data.object);
    if (!parsed.success) throw invalid('invalid_charge', 'data.object is not a Charge');
    const charge = parsed.data;
    if (!charge.payment_intent) return { kind: 'ignored', reason: 'the charge has no payment_intent' };
    const link = await db.kysely
      .selectFrom('stripe_payments')
      .select('order_id')
      .where('shop_id', '=', shop.id)
      .where('payment_intent', '=', charge.payment_intent)
      .executeTakeFirst();
    if (!link) return { kind: 'ignored', reason: `no order was recorded for payment ${charge.payment_intent}` };
    const refunds = (charge.refunds?.data ?? []).filter((r) => r.status === undefined || r.status === 'succeeded');
    const done: { id: string; status: number }[] = [];
    if (refunds.length > 0) {
      for (const r of refunds) {
        const step = await submitRefund(db, shop, link.order_id, { id: r.id, amount: r.amount }, now);
        if (step) done.push({ id: r.id, status: step.status });
      }
    } else {
      // refunds not expanded: the cumulative amount names the refund
      const earlier = await db.kysely
        .selectFrom('refunds')
        .select((eb) => eb.fn.sum<number>('amount').as('total'))
        .where('shop_id', '=', shop.id)
        .where('order_id', '=', link.order_id)
        .where('id', 'like', `stripe:${charge.id}:%`)
        .executeTakeFirst();
      const amount = charge.amount_refunded - Number(earlier?.total ?? 0);
      const id = `stripe:${charge.id}:${charge.amount_refunded}`;
      if (amount > 0) {
        const step = await submitRefund(db, shop, link.order_id, { id, amount }, now);
        if (step) done.push({ id, status: step.status });
      }
    }
    return { kind: 'refunds', orderId: link.order_id, refunds: done };
  }
  return { kind: 'ignored', reason: `event type ${event.type} is not used by twotier` };
}
