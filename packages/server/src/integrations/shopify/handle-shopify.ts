import type { ShopRecord } from '../../context';
import type { Db } from '../../db';
import { toOrderInput } from '../connector-order';
import { findTwotierCoupon } from '../find-coupon';
import { orderExists, reverseRest, submitOrder, submitRefund, type Step } from '../record';
import { outcomeOf, type Handled } from '../run-delivery';
import {
  orderFromShopify,
  parseShopify,
  refundFromShopify,
  shopifyOrderId,
  shopifyOrderSchema,
  shopifyRefundSchema,
  type ShopifyOrder,
} from './shopify-order';

/** The topics twotier subscribes to on Shopify. */
export const SHOPIFY_TOPICS = ['orders/paid', 'refunds/create', 'orders/cancelled'] as const;

/** The refunds an order payload already carries, each recorded once by its id. */
async function orderRefunds(db: Db, shop: ShopRecord, order: ShopifyOrder, orderId: string, currency: string, now: number): Promise<(Step | null)[]> {
  const steps: (Step | null)[] = [];
  for (const raw of order.refunds ?? []) {
    const refund = parseShopify(shopifyRefundSchema, raw, 'refund');
    steps.push(await submitRefund(db, shop, orderId, refundFromShopify(refund, currency), now));
  }
  return steps;
}

const storedCurrency = async (db: Db, shopId: string, orderId: string): Promise<string | null> =>
  (await db.kysely.selectFrom('orders').select('currency').where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst())?.currency ?? null;

/**
 * A verified Shopify webhook: `orders/paid` records the order (and any
 * refunds it already carries); `refunds/create` reverses by the refunded
 * line items, else by the refunded money; `orders/cancelled` after payment
 * reverses what is left. Other topics are ignored.
 */
export async function handleShopifyEvent(db: Db, shop: ShopRecord, topic: string, body: unknown, now: number): Promise<Handled> {
  if (topic === 'orders/paid') {
    const order = parseShopify(shopifyOrderSchema, body, 'order');
    const { order: connectorOrder, discountCodes } = orderFromShopify(order);
    const couponCode = await findTwotierCoupon(db.kysely, shop.id, discountCodes);
    const input = toOrderInput({ ...connectorOrder, ...(couponCode ? { couponCode } : {}) });
    const steps: (Step | null)[] = [await submitOrder(db, shop, input, now, { keepFirst: true })];
    steps.push(...(await orderRefunds(db, shop, order, input.id, input.currency, now)));
    return { outcome: outcomeOf(steps), orderId: input.id, result: { orderId: input.id, steps: steps.filter(Boolean) } };
  }
  if (topic === 'refunds/create') {
    const refund = parseShopify(shopifyRefundSchema, body, 'refund');
    const orderId = shopifyOrderId(refund.order_id);
    const currency = await storedCurrency(db, shop.id, orderId);
    if (!currency) return { outcome: 'ignored', orderId, result: { orderId, reason: `twotier has no order ${orderId}: it was placed before the integration, or never paid` } };
    const step = await submitRefund(db, shop, orderId, refundFromShopify(refund, currency), now);
    return { outcome: outcomeOf([step], 'duplicate'), orderId, result: { orderId, steps: step ? [step] : [], ...(step ? {} : { reason: 'nothing of the order is left to reverse' }) } };
  }
  if (topic === 'orders/cancelled') {
    const order = parseShopify(shopifyOrderSchema, body, 'order');
    const orderId = shopifyOrderId(order.id);
    if (!(await orderExists(db, shop.id, orderId))) {
      return { outcome: 'ignored', orderId, result: { orderId, reason: 'the order was cancelled before it was paid: twotier never counted it' } };
    }
    const currency = (await storedCurrency(db, shop.id, orderId))!;
    const steps = await orderRefunds(db, shop, order, orderId, currency, now);
    steps.push(await reverseRest(db, shop, orderId, `shopify:cancel:${String(order.id)}`, now));
    return { outcome: outcomeOf(steps, 'duplicate'), orderId, result: { orderId, steps: steps.filter(Boolean) } };
  }
  return { outcome: 'ignored', result: { reason: `topic ${topic} is not used by twotier (it reads ${SHOPIFY_TOPICS.join(', ')})` } };
}
