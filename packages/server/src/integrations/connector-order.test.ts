import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toLine, toOrderInput } from './connector-order';

describe('toLine: the net base of a platform line', () => {
  test('golden cases', () => {
    // tax-exclusive: 2 × 199.00 − 39.80 = 358.20
    expect(toLine({ sku: 'a', quantity: 2, gross: 39_800, discount: 3980, includedTax: 0 })).toEqual({ sku: 'a', quantity: 2, unitPrice: 19_900, discount: 3980 });
    // tax-inclusive: 2 × 113.00 − 22.60 − 23.40 VAT = 180.00, the tax taken off with the discount
    expect(toLine({ sku: 'a', quantity: 2, gross: 22_600, discount: 2260, includedTax: 2340 })).toEqual({ sku: 'a', quantity: 2, unitPrice: 11_300, discount: 4600 });
    // 10.00 over 3 units does not divide: the unit price rounds up, the cent joins the discount
    expect(toLine({ sku: 'a', quantity: 3, gross: 1000, discount: 0, includedTax: 0 })).toEqual({ sku: 'a', quantity: 3, unitPrice: 334, discount: 2 });
    expect(() => toLine({ sku: 'a', quantity: 1, gross: 100, discount: 80, includedTax: 30 })).toThrow(/exceed the line/);
  });

  test('property: quantity × unitPrice − discount is exactly the net, never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), (quantity, net, discount, includedTax) => {
        const line = toLine({ sku: 's', quantity, gross: net + discount + includedTax, discount, includedTax });
        expect(line.quantity * line.unitPrice - (line.discount ?? 0)).toBe(net);
        expect(line.discount ?? 0).toBeGreaterThanOrEqual(0);
        expect(line.discount ?? 0).toBeLessThanOrEqual(line.quantity * line.unitPrice);
      }),
    );
  });
});

describe('toOrderInput', () => {
  const order = { id: 'shopify:1', currency: 'CNY', lines: [{ sku: 'a', quantity: 1, gross: 11_300, discount: 0, includedTax: 1300 }], shipping: 1130, shippingIncludedTax: 130, tax: 1430 };

  test('shipping net of its included tax; malformed attribution fields dropped; times in UTC', () => {
    const input = toOrderInput({ ...order, referralCode: 'bad code!', visitorId: 'short', customer: { email: ' Jon@Example.COM ' }, placedAt: '2026-03-01T08:00:00+08:00' });
    expect(input).toMatchObject({ shipping: 1000, tax: 1430, customer: { email: 'jon@example.com' }, placedAt: '2026-03-01T00:00:00.000Z' });
    expect(input).not.toHaveProperty('referralCode');
    expect(input).not.toHaveProperty('visitorId');
  });

  test('an order the API would refuse is refused the same way, with the reasons', () => {
    expect(() => toOrderInput({ ...order, lines: [] })).toThrow(/does not make a valid order: items: an order has at least one item/);
  });
});
