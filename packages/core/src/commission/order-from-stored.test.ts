import { describe, expect, it } from 'vitest';
import { commissionOrderOf } from './order-from-stored';

describe('commissionOrderOf', () => {
  const items = [
    { sku: 'TEA', category: 'tea', quantity: 2, unitPrice: 3998, discount: 100 },
    { sku: 'CUP', quantity: 1, unitPrice: 1500 },
  ];

  it('keeps the body\'s lines (same objects, same indexes) and money, with the time and the customer given', () => {
    const body = { id: 'o1', currency: 'CNY', items, discount: 500, shipping: 800, tax: 0, region: 'CN-ZJ', referralCode: 'LIN' };
    const order = commissionOrderOf(body, Date.parse('2026-03-02T08:00:00Z'), 'returning');
    expect(order).toEqual({
      items,
      discount: 500,
      shipping: 800,
      tax: 0,
      region: 'CN-ZJ',
      placedAt: new Date('2026-03-02T08:00:00Z'),
      customer: 'returning',
    });
    expect(order.items).toBe(items);
    // nothing of the body beyond what the engine reads
    expect(Object.keys(order).sort()).toEqual(['customer', 'discount', 'items', 'placedAt', 'region', 'shipping', 'tax']);
  });

  it('reads a stored null region as none, and takes a Date as well as ms', () => {
    const placedAt = new Date('2026-03-02T08:00:00Z');
    const order = commissionOrderOf({ items, region: null }, placedAt, 'new');
    expect(order.region).toBeUndefined();
    expect(order.discount).toBeUndefined();
    expect(order.placedAt.getTime()).toBe(placedAt.getTime());
    expect(order.placedAt).not.toBe(placedAt);
    expect(order.customer).toBe('new');
  });
});
