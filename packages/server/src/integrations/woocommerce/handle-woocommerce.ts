import type { ShopRecord } from '../../context';
import type { Db } from '../../db';
import { toOrderInput } from '../connector-order';
import { findTwotierCoupon } from '../find-coupon';
import { orderExists, reverseRest, submitOrder, submitRefund, type Step } from '../record';
import { outcomeOf, type Handled } from '../run-delivery';
import { orderFromWoo, parseWooOrder, refundsFromWoo, wooCurrency, wooOrderId } from './woocommerce-order';

/** The topics twotier reads from WooCommerce. */
export const WOOCOMMERCE_TOPICS = ['order.created', 'order.updated'] as const;

/** Statuses at which an order counts, unless the shop chose others. */
export const DEFAULT_COUNT_STATUSES = ['processing', 'completed'];

/** Statuses that, after an order counted, reverse what is left of it. */
export const REVERSING_STATUSES = ['cancelled', 'failed', 'refunded'];

/**
 * A verified `order.created` / `order.updated` delivery. Each carries the
 * whole order, so every delivery is read the same way: the order counts the
 * first time its status is one of `countStatuses`; every entry of
 * `refunds[]` becomes a refund by amount, once by its id; and once it
 * counted, a `cancelled`, `failed` or `refunded` status reverses what is
 * left. An order delivered again in a state twotier has seen is a duplicate.
 */
export async function handleWooEvent(db: Db, shop: ShopRecord, topic: string, body: unknown, countStatuses: readonly string[], now: number): Promise<Handled> {
  if (!(WOOCOMMERCE_TOPICS as readonly string[]).includes(topic)) {
    return { outcome: 'ignored', result: { reason: `topic ${topic} is not used by twotier (it reads ${WOOCOMMERCE_TOPICS.join(', ')})` } };
  }
  const order = parseWooOrder(body);
  const orderId = wooOrderId(order.id);
  const status = order.status.toLowerCase();
  const steps: (Step | null)[] = [];
  let counted = await orderExists(db, shop.id, orderId);
  if (!counted && countStatuses.includes(status)) {
    const { order: connectorOrder, couponCodes } = orderFromWoo(order);
    const couponCode = await findTwotierCoupon(db.kysely, shop.id, couponCodes);
    steps.push(await submitOrder(db, shop, toOrderInput({ ...connectorOrder, ...(couponCode ? { couponCode } : {}) }), now, { keepFirst: true }));
    counted = true;
  }
  if (!counted) {
    return { outcome: 'ignored', orderId, result: { orderId, status, reason: `status ${status}: an order counts when it is ${countStatuses.join(' or ')}` } };
  }
  const currency = wooCurrency(order.currency);
  for (const refund of refundsFromWoo(order, currency)) steps.push(await submitRefund(db, shop, orderId, refund, now));
  if (REVERSING_STATUSES.includes(status)) steps.push(await reverseRest(db, shop, orderId, `woocommerce:${orderId}:${status}`, now));
  return { outcome: outcomeOf(steps, 'duplicate'), orderId, result: { orderId, status, steps: steps.filter(Boolean) } };
}
