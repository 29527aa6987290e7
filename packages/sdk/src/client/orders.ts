import type { OrderCreate, OrderResult, RefundCreate, RefundResult } from '@twotier/core/schema';
import type { Call } from './http';

/** Verified orders and refunds (secret key). Both are idempotent by the shop's own id, so they are retried. */
export interface OrdersApi {
  /**
   * Records a paid order and returns its commissions. Posting the same `id` again returns the
   * first result; the same `id` with different content fails with a 409 `TwotierApiError`.
   *
   * @example
   * await twotier.orders.create({ id: 'A-1001', currency: 'CNY', visitorId,
   *   items: [{ sku: 'tea-01', quantity: 2, unitPrice: 3999 }] });
   */
  create(order: OrderCreate): Promise<OrderResult>;
  /** Refunds an order by amount or by items; `refund.id` is the shop's refund id (idempotent). */
  refund(orderId: string, refund: RefundCreate): Promise<RefundResult>;
}

/** @internal */
export const createOrdersApi = (call: Call): OrdersApi => ({
  create: (order) => call({ method: 'post', path: '/v1/orders', json: order, retry: 'safe', auth: 'secret' }),
  refund: (orderId, refund) =>
    call({ method: 'post', path: `/v1/orders/${encodeURIComponent(orderId)}/refunds`, json: refund, retry: 'safe', auth: 'secret' }),
});
