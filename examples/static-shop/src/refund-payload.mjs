/**
 * Refunds as the shop's admin asks for them (everything left, an amount, or
 * some units), checked against what is still refundable and turned into
 * twotier's `POST /v1/orders/{id}/refunds` body.
 */

/** A refund the shop cannot make; the message is shown to the admin. */
export class RefundError extends Error {
  /** @override */
  name = 'RefundError';
}

/**
 * @typedef {{ sku: string, quantity: number }} RefundItem
 * @typedef {{ id: string, amount: number, items?: RefundItem[], createdAt: string }} RecordedRefund
 * @typedef {{ id: string, total: number, lines: import('./cart.mjs').PricedLine[], refunds: RecordedRefund[] }} RefundableOrder
 * @typedef {{ kind: 'full' } | { kind: 'amount', amount: number } | { kind: 'items', items: RefundItem[] }} RefundRequest
 */

/** Money refunded so far, fen. @param {RefundableOrder} order */
export const refundedAmount = (order) => order.refunds.reduce((sum, r) => sum + r.amount, 0);

/**
 * Units of `sku` still refundable by item.
 * @param {RefundableOrder} order
 * @param {string} sku
 */
export function refundableUnits(order, sku) {
  const bought = order.lines.find((l) => l.sku === sku)?.quantity ?? 0;
  const refunded = order.refunds.flatMap((r) => r.items ?? []).filter((i) => i.sku === sku).reduce((s, i) => s + i.quantity, 0);
  return bought - refunded;
}

/**
 * Checks a refund request and returns the twotier body plus the money it gives back.
 * The refund id is the order id with a running number, so resending it is harmless.
 * @param {RefundableOrder} order
 * @param {RefundRequest} request
 * @returns {{ payload: import('@twotier/core/schema').RefundCreate, amount: number, items?: RefundItem[] }}
 */
export function buildRefund(order, request) {
  const id = `${order.id}-R${order.refunds.length + 1}`;
  const left = order.total - refundedAmount(order);
  if (left <= 0) throw new RefundError('this order has been refunded in full');
  if (request.kind === 'full') return { payload: { id, amount: left }, amount: left };
  if (request.kind === 'amount') {
    const { amount } = request;
    if (!Number.isSafeInteger(amount) || amount < 1) throw new RefundError('the amount must be at least ¥0.01');
    if (amount > left) throw new RefundError(`at most ${left} fen is left to refund`);
    return { payload: { id, amount }, amount };
  }
  const items = request.items.filter((i) => i.quantity > 0);
  if (items.length === 0) throw new RefundError('choose at least one unit to refund');
  let amount = 0;
  for (const item of items) {
    const line = order.lines.find((l) => l.sku === item.sku);
    if (!line) throw new RefundError(`${item.sku} is not in this order`);
    if (!Number.isSafeInteger(item.quantity) || item.quantity > refundableUnits(order, item.sku)) {
      throw new RefundError(`only ${refundableUnits(order, item.sku)} of ${item.sku} can still be refunded`);
    }
    amount += line.unitPrice * item.quantity;
  }
  if (amount > left) throw new RefundError(`at most ${left} fen is left to refund`);
  const clean = items.map(({ sku, quantity }) => ({ sku, quantity }));
  return { payload: { id, items: clean }, amount, items: clean };
}
