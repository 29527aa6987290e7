import type { CommissionEvaluation, CommissionOrder } from './types';

/**
 * The money a refund of units gives back, from the order's line bases (what
 * each line paid after every discount; shipping and tax are not in them):
 * per line, floor(line base × units ÷ quantity). A sku on several lines is
 * taken from its lines in order, never more units than a line holds; units
 * of a sku not in the order count nothing (the refund's checks refuse those
 * before). Integer minor units, never negative; for units within what was
 * bought (more is refused before) never more than the order's base. It is what a refund by items adds to the order's `refunded` figure;
 * what it reverses of the commissions is {@link reverseCommissions}.
 *
 * @example
 * // one line of 3 teas for 9000 after discount
 * refundedItemsMoney(order, evaluation, [{ sku: 'TEA', quantity: 1 }]) // 3000
 */
export function refundedItemsMoney(
  order: Pick<CommissionOrder, 'items'>,
  evaluation: Pick<CommissionEvaluation, 'lineBases'>,
  items: readonly { sku: string; quantity: number }[],
): number {
  let total = 0;
  for (const item of items) {
    let left = item.quantity;
    order.items.forEach((line, i) => {
      if (line.sku !== item.sku || left <= 0) return;
      const take = Math.min(left, line.quantity);
      left -= take;
      total += Math.floor(((evaluation.lineBases[i] ?? 0) * take) / line.quantity);
    });
  }
  return total;
}
