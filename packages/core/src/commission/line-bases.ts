import { RuleError } from '../errors';
import { allocateByLargestRemainder } from '../money/allocate';
import type { CommissionOrder, OrderLine } from './types';

/** The money of an order as the engine counts it, all in minor units. */
export interface OrderBases {
  /** Each line's base after its own discount and its share of the order discount, by line index. */
  readonly lineBases: number[];
  /** Sum of the line bases. */
  readonly base: number;
  /** base + shipping + tax: what the customer paid. */
  readonly totalPaid: number;
}

/** Names a field for an error message; built only when there is an error. */
const label = (field: string, line: number, sku: string): string => (line < 0 ? field : `line ${line} (${sku}): ${field}`);

const money = (value: unknown, field: string, line = -1, sku = ''): number => {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RuleError('invalid_order', `${label(field, line, sku)} must be a whole number of minor units ≥ 0, got ${String(value)}`);
  }
  return value;
};

const safe = (value: number, field: string, line = -1, sku = ''): number => {
  if (!Number.isSafeInteger(value)) {
    throw new RuleError('amount_too_large', `${label(field, line, sku)} is too large to compute exactly`);
  }
  return value;
};

/** Lines that differ only by position compare equal, so ties never depend on the order they were sent in. */
const compareLines = (a: OrderLine, b: OrderLine): number =>
  (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) ||
  ((a.category ?? '') < (b.category ?? '') ? -1 : (a.category ?? '') > (b.category ?? '') ? 1 : 0) ||
  a.unitPrice - b.unitPrice ||
  a.quantity - b.quantity ||
  (a.discount ?? 0) - (b.discount ?? 0);

/** Spreads the order discount over line bases; a tie goes by line content, not position. */
const spreadDiscount = (discount: number, items: readonly OrderLine[], gross: readonly number[]): number[] => {
  const shares = allocateByLargestRemainder(discount, gross, (a, b) => compareLines(items[a] as OrderLine, items[b] as OrderLine));
  return gross.map((g, i) => g - (shares[i] as number));
};

/**
 * Validates an order and computes its commission bases: each line's
 * `quantity × unitPrice − discount`, minus its share of the order discount
 * (largest remainder by base). Shipping and tax count only in `totalPaid`.
 *
 * @throws RuleError when a number is not a whole number of minor units, a
 * quantity is below 1, a discount exceeds what it discounts, or an amount is
 * too large to compute exactly.
 */
export function computeOrderBases(order: CommissionOrder): OrderBases {
  const items = order.items;
  if (!Array.isArray(items) || items.length === 0) {
    throw new RuleError('invalid_order', 'an order needs at least one line');
  }
  const lineBases: number[] = [];
  let base = 0;
  for (let i = 0; i < items.length; i++) {
    const line = items[i] as OrderLine;
    if (typeof line.sku !== 'string' || line.sku === '') {
      throw new RuleError('invalid_order', `line ${i}: sku must be a non-empty string`);
    }
    const quantity = line.quantity;
    if (!Number.isSafeInteger(quantity) || quantity < 1) {
      throw new RuleError('invalid_order', `line ${i} (${line.sku}): quantity must be a whole number ≥ 1, got ${String(quantity)}`);
    }
    const unitPrice = money(line.unitPrice, 'unitPrice', i, line.sku);
    const discount = money(line.discount, 'discount', i, line.sku);
    const gross = safe(quantity * unitPrice, 'quantity × unitPrice', i, line.sku);
    if (discount > gross) {
      throw new RuleError(
        'invalid_order',
        `line ${i} (${line.sku}): discount ${discount} exceeds quantity × unitPrice = ${gross}`,
      );
    }
    lineBases.push(gross - discount);
    base += gross - discount;
  }
  safe(base, 'the order base');
  const discount = money(order.discount, 'order discount');
  if (discount > base) {
    throw new RuleError('invalid_order', `order discount ${discount} exceeds the sum of the line bases ${base}`);
  }
  const shipping = money(order.shipping, 'shipping');
  const tax = money(order.tax, 'tax');
  const bases = discount === 0 ? lineBases : spreadDiscount(discount, items, lineBases);
  const net = base - discount;
  // Rates multiply the base by up to 10 000 (bp); keep that product exact.
  safe(net * 10_000, 'the order base');
  return { lineBases: bases, base: net, totalPaid: safe(net + shipping + tax, 'the order total') };
}
