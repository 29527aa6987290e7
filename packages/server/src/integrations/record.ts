import { refundCreateSchema } from '@twotier/core/schema';
import type { ShopRecord } from '../context';
import type { Db } from '../db';
import { DomainError, invalid, notFound } from '../domain/errors';
import { HttpError } from '../http/errors';
import { createOrder, type OrderInput } from '../services/orders';
import { createRefund } from '../services/refunds';

/** One order or refund an event wrote (201), or found written already (200). */
export interface Step {
  kind: 'order' | 'refund' | 'reversal';
  id: string;
  status: 200 | 201;
}

/**
 * Records a platform's paid order through the order service (the same
 * attribution, currency checks, idempotency and commission rules as
 * `POST /v1/orders`, the grade upgrade an order may bring included). With
 * `keepFirst` (the commerce platforms) an order id twotier already holds is
 * a duplicate whatever its content now: an order counts once, the first time
 * it is paid; later edits on the platform change nothing.
 */
export async function submitOrder(db: Db, shop: ShopRecord, input: OrderInput, now: number, options: { keepFirst?: boolean } = {}): Promise<Step> {
  if (options.keepFirst && (await orderExists(db, shop.id, input.id))) return { kind: 'order', id: input.id, status: 200 };
  let outcome;
  try {
    outcome = await createOrder(db, shop, input, now);
  } catch (error) {
    // the same order arriving twice at once, with another content (a later state of it)
    if (options.keepFirst && (error instanceof DomainError || error instanceof HttpError) && error.code === 'idempotency_conflict') return { kind: 'order', id: input.id, status: 200 };
    throw error;
  }
  return { kind: 'order', id: input.id, status: outcome.status };
}

/** Whether twotier holds this order id. */
export async function orderExists(db: Db, shopId: string, orderId: string): Promise<boolean> {
  return !!(await db.kysely.selectFrom('orders').select('id').where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst());
}

/** A platform refund: by amount, by units, or both (units reverse, the amount counts as money refunded). */
export interface PlatformRefund {
  id: string;
  amount?: number;
  items?: { sku: string; quantity: number }[];
}

/** What is left to refund of an order: its money and its units per sku. */
async function refundable(db: Db, shopId: string, orderId: string): Promise<{ money: number; units: Map<string, number>; refundIds: Set<string> } | null> {
  const order = await db.kysely.selectFrom('orders').select(['total_paid', 'body']).where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst();
  if (!order) return null;
  const units = new Map<string, number>();
  for (const item of (JSON.parse(order.body) as OrderInput).items) units.set(item.sku, (units.get(item.sku) ?? 0) + item.quantity);
  const refunds = await db.kysely.selectFrom('refunds').select(['id', 'amount', 'items']).where('shop_id', '=', shopId).where('order_id', '=', orderId).execute();
  let money = Number(order.total_paid);
  for (const r of refunds) {
    money -= Number(r.amount ?? 0);
    for (const item of r.items ? (JSON.parse(r.items) as { sku: string; quantity: number }[]) : []) {
      units.set(item.sku, (units.get(item.sku) ?? 0) - item.quantity);
    }
  }
  return { money: Math.max(0, money), units, refundIds: new Set(refunds.map((r) => r.id)) };
}

/**
 * Records a platform refund through the refund service, each refund id once.
 * What the platform refunds beyond what twotier can still reverse (money
 * above what is left, units of a sku not in the order or already refunded)
 * is trimmed, so a platform's rounding or a shipping-only refund never fails
 * the delivery; a refund with nothing left to reverse is skipped (`null`).
 * 404 when twotier never recorded the order.
 */
export async function submitRefund(db: Db, shop: ShopRecord, orderId: string, refund: PlatformRefund, now: number): Promise<Step | null> {
  const left = await refundable(db, shop.id, orderId);
  if (!left) throw notFound(`order ${orderId}`);
  if (left.refundIds.has(refund.id)) return { kind: 'refund', id: refund.id, status: 200 };
  const items: { sku: string; quantity: number }[] = [];
  for (const item of refund.items ?? []) {
    const quantity = Math.min(item.quantity, left.units.get(item.sku) ?? 0);
    if (quantity > 0) {
      items.push({ sku: item.sku, quantity });
      left.units.set(item.sku, (left.units.get(item.sku) ?? 0) - quantity);
    }
  }
  const amount = Math.min(refund.amount ?? 0, left.money);
  if (items.length === 0 && amount <= 0) return null;
  const body = refundCreateSchema.safeParse({ id: refund.id, ...(amount > 0 ? { amount } : {}), ...(items.length > 0 ? { items } : {}) });
  if (!body.success) throw invalid('invalid_platform_refund', `refund ${refund.id}: ${body.error.issues.map((i) => i.message).join('; ')}`);
  const outcome = await createRefund(db, shop, orderId, body.data, now);
  return { kind: 'refund', id: refund.id, status: outcome.status };
}

/**
 * Reverses whatever of the order's commissions is left (a cancellation
 * after payment): a refund by amount of the money not yet refunded, under
 * `refundId`, once. `null` when nothing is left.
 */
export async function reverseRest(db: Db, shop: ShopRecord, orderId: string, refundId: string, now: number): Promise<Step | null> {
  const left = await refundable(db, shop.id, orderId);
  if (!left) throw notFound(`order ${orderId}`);
  if (left.refundIds.has(refundId)) return { kind: 'reversal', id: refundId, status: 200 };
  if (left.money <= 0) return null;
  const outcome = await createRefund(db, shop, orderId, refundCreateSchema.parse({ id: refundId, amount: left.money }), now);
  return { kind: 'reversal', id: refundId, status: outcome.status };
}
