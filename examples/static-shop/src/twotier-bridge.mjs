import { createTwotierClient, signIdentityToken } from '@twotier/sdk/server';
import { buildOrderPayload } from './order-payload.mjs';

/** How long an identity token printed into a page stays valid. */
export const IDENTITY_TOKEN_SECONDS = 3600;

/**
 * @typedef {import('./order-book.mjs').ShopOrder} ShopOrder
 * @typedef {import('./order-book.mjs').TwotierCall} TwotierCall
 */

/**
 * Everything the shop's backend says to twotier, with the secret key: paid
 * orders, refunds, and the identity tokens that let logged-in users open
 * the share panel. Without a secret key the shop still sells; it just
 * records `off` instead of calling.
 *
 * @param {{ api: string, secretKey?: string, timeoutMs?: number, retries?: number }} options
 */
export function createTwotierBridge({ api, secretKey, timeoutMs = 10_000, retries = 2 }) {
  const client = secretKey
    ? createTwotierClient({ baseUrl: api, secretKey, timeout: timeoutMs, retry: { limit: retries, delay: (n) => 200 * n } })
    : null;
  const stamp = () => new Date().toISOString();
  /** @param {unknown} error @returns {TwotierCall} */
  const failed = (error) => ({ status: 'failed', at: stamp(), error: error instanceof Error ? error.message : String(error) });

  return {
    enabled: client !== null,

    /**
     * Posts a paid order; never throws (the customer has paid either way).
     * @param {ShopOrder} order
     * @returns {Promise<TwotierCall>}
     */
    async postOrder(order) {
      if (!client) return { status: 'off', at: stamp() };
      try {
        const payload = buildOrderPayload({
          id: order.id,
          currency: order.currency,
          lines: order.lines,
          shipping: order.shipping,
          customer: { userId: order.customer.userId, email: order.customer.email, region: order.customer.region },
          referral: order.referral,
          paidAt: order.paidAt ?? order.createdAt,
        });
        const result = await client.orders.create(payload);
        const commissions = result.commissions.map((c) => ({ level: c.level, amount: c.amount, status: c.status }));
        return { status: 'sent', at: stamp(), commissions };
      } catch (error) {
        return failed(error);
      }
    },

    /**
     * Posts a refund; never throws.
     * @param {string} orderId
     * @param {import('@twotier/core/schema').RefundCreate} payload
     * @returns {Promise<TwotierCall>}
     */
    async postRefund(orderId, payload) {
      if (!client) return { status: 'off', at: stamp() };
      try {
        const result = await client.orders.refund(orderId, payload);
        return { status: 'sent', at: stamp(), commissions: result.reversals.map((r) => ({ level: r.level, amount: -r.amount, status: 'reversed' })) };
      } catch (error) {
        return failed(error);
      }
    },

    /**
     * A short-lived identity token for a logged-in user, or `null` without a secret key.
     * @param {{ id: string, email: string, name: string }} user
     */
    async identityToken(user) {
      if (!secretKey) return null;
      const exp = Math.floor(Date.now() / 1000) + IDENTITY_TOKEN_SECONDS;
      return signIdentityToken(secretKey, { userId: user.id, email: user.email, name: user.name, exp });
    },
  };
}
