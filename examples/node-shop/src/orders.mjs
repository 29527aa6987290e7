import { randomBytes } from 'node:crypto';
import { findProduct } from './products.mjs';

/**
 * Builds the typed `orders.create` body from the checkout form: quantities
 * per sku, priced from the shop's own list, with the visitor and referral
 * the server captured.
 *
 * @param {{ quantities: Record<string, number>, email?: string, userId?: string, referral: { code: string | null, visitorId: string } }} input
 * @param {() => string} [newId]
 * @returns {import('@twotier/sdk').OrderCreate}
 */
export function buildOrder({ quantities, email, userId, referral }, newId = () => `NS-${randomBytes(5).toString('hex').toUpperCase()}`) {
  const items = Object.entries(quantities)
    .filter(([, q]) => Number.isSafeInteger(q) && q > 0 && q <= 99)
    .flatMap(([sku, quantity]) => {
      const p = findProduct(sku);
      return p ? [{ sku, category: p.category, quantity, unitPrice: p.price }] : [];
    });
  if (items.length === 0) throw new RangeError('choose at least one product');
  /** @type {import('@twotier/sdk').OrderCreate} */
  const order = { id: newId(), currency: 'CNY', items, visitorId: referral.visitorId, placedAt: new Date().toISOString() };
  if (referral.code) order.referralCode = referral.code;
  if (email || userId) order.customer = { ...(userId ? { id: userId } : {}), ...(email ? { email } : {}) };
  return order;
}

/** Total of an order body, fen. @param {import('@twotier/sdk').OrderCreate} order */
export const orderTotal = (order) => order.items.reduce((s, i) => s + i.quantity * i.unitPrice, 0);
