import { describe, expect, test } from 'vitest';
import { wooOrder, type WooOrderSpec } from '../../../test/integrations/payloads';
import { toOrderInput } from '../connector-order';
import { orderFromWoo, parseWooOrder, refundsFromWoo } from './woocommerce-order';

const read = (o: WooOrderSpec) => parseWooOrder(JSON.parse(JSON.stringify(wooOrder(o))));
const base = { id: 10, status: 'processing', currency: 'KWD', lines: [{ id: 1, sku: 'DATES', quantity: 2, subtotal: '25.000', total: '22.500' }], total: '22.500' };

describe('orderFromWoo', () => {
  test('lines from subtotal (before discounts) and total (after), three decimals for KWD', () => {
    const { order } = orderFromWoo(read({ ...base, shippingTotal: '1.500' }));
    expect(order.lines).toEqual([{ sku: 'DATES', quantity: 2, gross: 25_000, discount: 2500, includedTax: 0 }]);
    expect([order.shipping, order.tax, order.id]).toEqual([1500, 0, '10']);
  });

  test("prices including tax: WooCommerce's unrounded net line plus its tax, rounded once, less the tax", () => {
    const { order } = orderFromWoo(read({ ...base, currency: 'CNY', pricesIncludeTax: true, lines: [{ id: 1, sku: 'TIN', quantity: 1, subtotal: '88.495575', subtotalTax: '11.50', total: '79.646018', totalTax: '10.35' }], totalTax: '10.35', total: '90.00' }));
    // gross before 100.00, after 90.00; base 90.00 − 10.35 = 79.65
    expect(order.lines).toEqual([{ sku: 'TIN', quantity: 1, gross: 10_000, discount: 1000, includedTax: 1035 }]);
    expect(toOrderInput(order).items[0]).toMatchObject({ unitPrice: 10_000, discount: 2035 });
  });

  test.each([
    [[{ key: 'twotier_ref', value: 'alice' }], 'alice'],
    [[{ key: '_twotier_ref', value: 'alice' }], 'alice'],
    [[{ key: '_wc_order_attribution_session_entry', value: 'https://shop.example/p/1?utm_source=x&ref=bob' }], 'bob'],
    [[{ key: '_twotier_ref', value: 'alice' }, { key: '_wc_order_attribution_session_entry', value: 'https://shop.example/?ref=bob' }], 'alice'],
    [[{ key: '_wc_order_attribution_session_entry', value: 'https://shop.example/' }], undefined],
  ])('referral from meta %j → %s', (meta, code) => {
    expect(orderFromWoo(read({ ...base, meta })).order.referralCode).toBe(code);
  });

  test('visitor, customer, region (WooCommerce province numbers as ISO 3166-2), coupons', () => {
    const { order, couponCodes } = orderFromWoo(read({ ...base, meta: [{ key: '_twotier_visitor', value: 'v0000000002abcdef' }], customerId: 12, email: 'l@example.com', country: 'CN', state: 'CN12', coupons: ['SPRING'] }));
    expect(order).toMatchObject({ visitorId: 'v0000000002abcdef', customer: { id: '12', email: 'l@example.com' }, region: 'CN-ZJ', placedAt: '2026-03-01T02:05:00Z' });
    expect(couponCodes).toEqual(['SPRING']);
  });

  test('refunds[] totals are negative: refunds by amount', () => {
    expect(refundsFromWoo(read({ ...base, refunds: [{ id: 501, total: '-7.250' }, { id: 502, total: '-0.125' }] }), 'KWD')).toEqual([
      { id: 'woocommerce:refund:501', amount: 7250 },
      { id: 'woocommerce:refund:502', amount: 125 },
    ]);
  });

  test('an amount finer than the currency on a tax-exclusive shop is refused with the field', () => {
    expect(() => orderFromWoo(read({ ...base, lines: [{ id: 1, sku: 'A', quantity: 1, subtotal: '1.2505', total: '1.2505' }] }))).toThrow(/line_items\[0\]\.subtotal is not an exact KWD amount/);
  });
});
