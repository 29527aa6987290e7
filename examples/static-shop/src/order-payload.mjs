/**
 * Turns a paid order of the shop into the body of twotier's `POST /v1/orders`.
 * The shop's own order id is the id (posting it twice is harmless), prices
 * come from the shop's catalogue in integer fen, and the visitor id and
 * referral code are the ones the tag put in the checkout form.
 */

/** The same shapes twotier accepts; anything else is left out rather than sent. */
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
const REFERRAL_CODE = /^[A-Za-z0-9_-]{2,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A hidden-input value if it looks like a visitor id, else `undefined`.
 * @param {unknown} value
 */
export const cleanVisitorId = (value) => (typeof value === 'string' && VISITOR_ID.test(value.trim()) ? value.trim() : undefined);

/**
 * A hidden-input value if it looks like a referral code, else `undefined`.
 * @param {unknown} value
 */
export const cleanReferralCode = (value) =>
  typeof value === 'string' && REFERRAL_CODE.test(value.trim()) ? value.trim() : undefined;

/**
 * @typedef {import('./cart.mjs').PricedLine} PricedLine
 * @typedef {{ id: string, lines: PricedLine[], shipping: number, currency: string,
 *   customer: { userId?: string, email?: string, region?: string },
 *   referral: { visitorId?: string, code?: string }, paidAt: string }} PaidOrder
 */

/**
 * The `POST /v1/orders` body for a paid order.
 * @param {PaidOrder} order
 * @returns {import('@twotier/core/schema').OrderCreate}
 */
export function buildOrderPayload(order) {
  if (order.lines.length === 0) throw new Error('an order has at least one line');
  /** @type {import('@twotier/core/schema').OrderCreate} */
  const payload = {
    id: order.id,
    currency: order.currency,
    items: order.lines.map((l) => ({ sku: l.sku, category: l.category, quantity: l.quantity, unitPrice: l.unitPrice })),
    placedAt: order.paidAt,
  };
  if (order.shipping > 0) payload.shipping = order.shipping;
  /** @type {{ id?: string, email?: string }} */
  const customer = {};
  if (order.customer.userId) customer.id = order.customer.userId;
  if (order.customer.email && EMAIL.test(order.customer.email)) customer.email = order.customer.email.toLowerCase();
  if (customer.id || customer.email) payload.customer = customer;
  if (order.customer.region) payload.region = order.customer.region;
  const visitorId = cleanVisitorId(order.referral.visitorId);
  if (visitorId) payload.visitorId = visitorId;
  const code = cleanReferralCode(order.referral.code);
  if (code) payload.referralCode = code;
  return payload;
}
