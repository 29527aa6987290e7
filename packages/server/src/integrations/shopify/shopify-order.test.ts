import { describe, expect, test } from 'vitest';
import { shopifyOrder, shopifyRefund } from '../../../test/integrations/payloads';
import { toOrderInput } from '../connector-order';
import { orderFromShopify, parseShopify, refundFromShopify, shopifyOrderSchema, shopifyRefundSchema } from './shopify-order';

const read = (o: Parameters<typeof shopifyOrder>[0]) => orderFromShopify(parseShopify(shopifyOrderSchema, JSON.parse(JSON.stringify(shopifyOrder(o))), 'order'));

describe('orderFromShopify', () => {
  test('the shop-money side of every amount, whatever the buyer paid in', () => {
    const { order } = read({ id: 1, currency: 'CNY', presentmentCurrency: 'USD', taxesIncluded: false, lines: [{ id: 1, sku: 'A', quantity: 2, price: '199.00', discount: '39.80', tax: '21.49', presentment: { currency: 'USD', price: '27.40', discount: '5.48', tax: '2.96' } }], totalTax: '21.49' });
    expect(order.lines).toEqual([{ sku: 'A', quantity: 2, gross: 39_800, discount: 3980, includedTax: 0 }]);
    expect(order.tax).toBe(2149);
  });

  test('tax-inclusive: the line tax and the shipping tax are taken out, so the base is net', () => {
    const { order } = read({ id: 2, currency: 'CNY', taxesIncluded: true, lines: [{ id: 1, sku: 'A', quantity: 2, price: '113.00', discount: '22.60', tax: '23.40' }], shipping: { price: '11.30', tax: '1.30' }, totalTax: '24.70' });
    const input = toOrderInput(order);
    // 226.00 − 22.60 − 23.40 = 180.00; shipping 11.30 − 1.30 = 10.00
    expect(input.items[0]!.quantity * input.items[0]!.unitPrice - (input.items[0]!.discount ?? 0)).toBe(18_000);
    expect([input.shipping, input.tax]).toEqual([1000, 2470]);
  });

  test('referral, visitor, customer, region and discount codes', () => {
    const { order, discountCodes } = read({ id: 3, currency: 'JPY', taxesIncluded: false, lines: [{ id: 7, sku: '', quantity: 1, price: '1990' }], totalTax: '0', noteAttributes: [{ name: '_twotier_ref', value: ' alice ' }, { name: 'twotier_visitor', value: 'v0000000001abcdef' }], customer: { id: 99, email: 'A@B.example' }, address: { country_code: 'CN', province_code: 'ZJ' }, discountCodes: [{ code: 'ALICE10', amount: '199' }] });
    expect(order).toMatchObject({ id: '3', currency: 'JPY', referralCode: 'alice', visitorId: 'v0000000001abcdef', customer: { id: '99', email: 'A@B.example' }, region: 'CN-ZJ' });
    expect(order.lines[0]!.sku).toBe('variant:808950817'); // no SKU: the variant
    expect(discountCodes).toEqual(['ALICE10']);
  });

  test('an amount that is not exact in the currency is refused, naming the field', () => {
    expect(() => read({ id: 4, currency: 'KWD', taxesIncluded: false, lines: [{ id: 1, sku: 'A', quantity: 1, price: '1.2505' }], totalTax: '0' })).toThrow(/line_items\[0\]\.price_set\.shop_money\.amount is not an exact KWD amount/);
  });
});

describe('refundFromShopify', () => {
  const refund = (r: Parameters<typeof shopifyRefund>[0]) => refundFromShopify(parseShopify(shopifyRefundSchema, JSON.parse(JSON.stringify(shopifyRefund(r))), 'refund'), 'CNY');

  test('by line items (under the order lines\' skus) and by the successful refund transactions', () => {
    expect(refund({ id: 5, orderId: 1, currency: 'CNY', lines: [{ lineItemId: 1, sku: 'A', quantity: 1, subtotal: '179.10', tax: '10.75' }], amount: '189.85' })).toEqual({ id: 'shopify:refund:5', amount: 18_985, items: [{ sku: 'A', quantity: 1 }] });
    expect(refund({ id: 6, orderId: 1, currency: 'CNY', amount: '20.00' })).toEqual({ id: 'shopify:refund:6', amount: 2000 });
  });

  test('money refunded in another currency: by items only, or refused when there are none', () => {
    expect(refund({ id: 7, orderId: 1, currency: 'CNY', lines: [{ lineItemId: 1, sku: 'A', quantity: 1, subtotal: '1.00', tax: '0.00' }], amount: '2.75', transactionCurrency: 'USD' })).toEqual({ id: 'shopify:refund:7', items: [{ sku: 'A', quantity: 1 }] });
    expect(() => refund({ id: 8, orderId: 1, currency: 'CNY', amount: '2.75', transactionCurrency: 'USD' })).toThrow(/its amount in CNY is unknown/);
  });
});
