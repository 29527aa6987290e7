import { newOrderId } from './ids.mjs';

/**
 * The shop's own orders: created at checkout, paid on the (fake) payment
 * page, refunded by the shop's admin. Each keeps what twotier answered, so
 * the admin can see the commission it earned and resend a call that failed.
 *
 * @typedef {import('./cart.mjs').PricedLine} PricedLine
 * @typedef {{ status: 'sent' | 'failed' | 'off', at: string, error?: string, commissions?: { level: number, amount: number, status: string }[] }} TwotierCall
 * @typedef {import('./refund-payload.mjs').RecordedRefund & { twotier?: TwotierCall }} ShopRefund
 * @typedef {{ userId?: string, name: string, email: string, phone: string, address: string, region: string }} Customer
 * @typedef {{ id: string, status: 'awaiting_payment' | 'paid', currency: string, lines: PricedLine[], subtotal: number,
 *   shipping: number, total: number, customer: Customer, referral: { visitorId?: string, code?: string },
 *   createdAt: string, paidAt?: string, twotier?: TwotierCall, refunds: ShopRefund[] }} ShopOrder
 * @typedef {{ orders: ShopOrder[] }} OrderData
 */

/**
 * @param {{ data: OrderData, save: () => void }} store
 * @param {{ now?: () => Date }} [options]
 */
export function createOrderBook(store, options = {}) {
  const now = options.now ?? (() => new Date());
  /** @param {string} id */
  const get = (id) => store.data.orders.find((o) => o.id === id) ?? null;
  /** @param {string} id */
  const must = (id) => {
    const order = get(id);
    if (!order) throw new Error(`no order ${id}`);
    return order;
  };

  return {
    get,

    /**
     * Records a checkout, awaiting payment.
     * @param {{ priced: import('./cart.mjs').PricedCart, customer: Customer, referral: ShopOrder['referral'] }} input
     * @returns {ShopOrder}
     */
    create({ priced, customer, referral }) {
      /** @type {ShopOrder} */
      const order = {
        id: newOrderId(now()),
        status: 'awaiting_payment',
        currency: 'CNY',
        lines: priced.lines,
        subtotal: priced.subtotal,
        shipping: priced.shipping,
        total: priced.total,
        customer,
        referral,
        createdAt: now().toISOString(),
        refunds: [],
      };
      store.data.orders.push(order);
      store.save();
      return order;
    },

    /** Marks an order paid; paying twice changes nothing. @param {string} id */
    markPaid(id) {
      const order = must(id);
      if (order.status !== 'paid') {
        order.status = 'paid';
        order.paidAt = now().toISOString();
        store.save();
      }
      return order;
    },

    /** Keeps twotier's answer to the order call. @param {string} id @param {TwotierCall} call */
    recordTwotier(id, call) {
      must(id).twotier = call;
      store.save();
    },

    /** Adds a refund the admin made. @param {string} id @param {ShopRefund} refund */
    addRefund(id, refund) {
      must(id).refunds.push(refund);
      store.save();
    },

    /** Keeps twotier's answer to a refund call. @param {string} id @param {string} refundId @param {TwotierCall} call */
    recordRefundTwotier(id, refundId, call) {
      const refund = must(id).refunds.find((r) => r.id === refundId);
      if (refund) refund.twotier = call;
      store.save();
    },

    /** Newest first. */
    list: () => [...store.data.orders].reverse(),

    /** A customer's paid orders, newest first. @param {string} userId */
    listForUser: (userId) => [...store.data.orders].reverse().filter((o) => o.customer.userId === userId && o.status === 'paid'),
  };
}
