import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderTotalPaid, toTwotierOrder, OrderMappingError, type VendureOrderLike } from './map-order';
import { toMinorUnits } from './money';
import { regionOf } from './region';

const line = (sku: string, quantity: number, unitPrice: number, proratedLinePrice = unitPrice * quantity) => ({
  quantity,
  unitPrice,
  linePrice: unitPrice * quantity,
  proratedLinePrice,
  productVariant: { id: sku, sku },
});

// Two lines at 13% VAT and 10.00 shipping without tax, as Vendure reports them.
const exclusive: VendureOrderLike = {
  code: 'AB12',
  currencyCode: 'CNY',
  orderPlacedAt: new Date('2026-03-01T10:00:00Z'),
  lines: [line('TEA-LJ-250', 2, 12800), line('CUP-01', 1, 3990)],
  shipping: 1000,
  total: 25600 + 3990 + 1000,
  totalWithTax: 2 * 14464 + 4509 + 1000,
  customer: { id: 7, emailAddress: 'mei@example.com' },
  customFields: { twotierRef: 'MEI', twotierVisitor: 'v_0123456789' },
};

describe('toTwotierOrder', () => {
  it('sends net lines, shipping and the tax Vendure charged, so total paid is what the customer paid', () => {
    const body = toTwotierOrder(exclusive, { orderId: 'vendure:AB12', precision: 2, region: 'CN-ZJ' });
    expect(body).toEqual({
      id: 'vendure:AB12',
      currency: 'CNY',
      items: [
        { sku: 'TEA-LJ-250', quantity: 2, unitPrice: 12800, discount: 0 },
        { sku: 'CUP-01', quantity: 1, unitPrice: 3990, discount: 0 },
      ],
      shipping: 1000,
      // What Vendure charged on the lines: 2 × 144.64 + 45.09 − (2 × 128.00 + 39.90) = 334.37 − 295.90 = 38.47.
      tax: 3847,
      customer: { id: 'vendure:7', email: 'mei@example.com' },
      referralCode: 'MEI',
      visitorId: 'v_0123456789',
      region: 'CN-ZJ',
      placedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(orderTotalPaid(body)).toBe(exclusive.totalWithTax);
  });

  it('gives a tax-inclusive channel the same net lines: Vendure derives unitPrice from the gross price', () => {
    // Prices entered with tax: 144.64 and 45.09 at 13%; Vendure's unitPrice is round(gross / 1.13) = 128.00 and 39.90.
    const inclusive = { ...exclusive, lines: [line('TEA-LJ-250', 2, 12800), line('CUP-01', 1, 3990)] };
    expect(toTwotierOrder(inclusive, { orderId: 'x', precision: 2 }).items).toEqual(toTwotierOrder(exclusive, { orderId: 'x', precision: 2 }).items);
  });

  it('takes each line’s discount as linePrice − proratedLinePrice (its own and its share of order-level promotions, net)', () => {
    // 20.00 off the order, prorated by Vendure: 17.31 on the tea, 2.69 on the cup.
    const order = { ...exclusive, lines: [line('TEA-LJ-250', 2, 12800, 25600 - 1731), line('CUP-01', 1, 3990, 3990 - 269)] };
    order.total = exclusive.total - 2000;
    order.totalWithTax = exclusive.totalWithTax - 2260;
    const body = toTwotierOrder(order, { orderId: 'x', precision: 2 });
    expect(body.items.map((i) => i.discount)).toEqual([1731, 269]);
    expect(body.discount).toBeUndefined();
    expect(orderTotalPaid(body)).toBe(order.totalWithTax);
  });

  it('puts a positive surcharge with shipping and a negative one in the order discount', () => {
    const fee = toTwotierOrder({ ...exclusive, total: exclusive.total + 500, totalWithTax: exclusive.totalWithTax + 565 }, { orderId: 'x', precision: 2 });
    expect(fee.shipping).toBe(1500);
    expect(orderTotalPaid(fee)).toBe(exclusive.totalWithTax + 565);
    const credit = toTwotierOrder({ ...exclusive, total: exclusive.total - 300, totalWithTax: exclusive.totalWithTax - 339 }, { orderId: 'x', precision: 2 });
    expect([credit.shipping, credit.discount]).toEqual([1000, 300]);
    expect(orderTotalPaid(credit)).toBe(exclusive.totalWithTax - 339);
  });

  it('scales Vendure’s precision to the currency’s ISO 4217 exponent (JPY 0, KWD 3)', () => {
    // Vendure with precision 2 stores ¥1,990 as 199000 and 12.500 KWD as 1250.
    const jpy = toTwotierOrder({ ...exclusive, currencyCode: 'JPY', lines: [line('T', 1, 199000)], shipping: 0, total: 199000, totalWithTax: 218900 }, { orderId: 'x', precision: 2 });
    expect(jpy).toMatchObject({ currency: 'JPY', items: [{ unitPrice: 1990 }], tax: 199 });
    const kwd = toTwotierOrder({ ...exclusive, currencyCode: 'kwd', lines: [line('T', 1, 1250)], shipping: 0, total: 1250, totalWithTax: 1250 }, { orderId: 'x', precision: 2 });
    expect(kwd).toMatchObject({ currency: 'KWD', items: [{ unitPrice: 12500 }] });
    expect(toMinorUnits(1990, 'JPY', 0)).toBe(1990);
    // A net yen price finer than a yen (Vendure's net of a tax-inclusive ¥1,990 at 10%: 1809.09) rounds half to even.
    expect([toMinorUnits(180909, 'JPY', 2), toMinorUnits(180950, 'JPY', 2), toMinorUnits(180850, 'JPY', 2)]).toEqual([1809, 1810, 1808]);
  });

  it('leaves out a referral, visitor id or e-mail twotier would refuse, with a warning, and keeps the order', () => {
    const warnings: string[] = [];
    const body = toTwotierOrder(
      { ...exclusive, customer: { id: 7, emailAddress: 'not an email' }, customFields: { twotierRef: 'bad code!', twotierVisitor: 'short' } },
      { orderId: 'x', precision: 2, warnings },
    );
    expect(body.referralCode).toBeUndefined();
    expect(body.visitorId).toBeUndefined();
    expect(body.customer).toEqual({ id: 'vendure:7' });
    expect(warnings).toHaveLength(3);
  });

  it('refuses an order it cannot express, with the reason', () => {
    expect(() => toTwotierOrder({ ...exclusive, currencyCode: 'XXX' }, { orderId: 'x', precision: 2 })).toThrow(OrderMappingError);
    expect(() => toTwotierOrder({ ...exclusive, lines: [] }, { orderId: 'x', precision: 2 })).toThrow(/no lines/);
  });

  it('always sends exactly what the customer paid as total paid, and never a negative amount (property)', () => {
    const lineArb = fc.record({ quantity: fc.integer({ min: 1, max: 20 }), unitPrice: fc.integer({ min: 0, max: 500_000 }), off: fc.integer({ min: 0, max: 10_000 }) });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 100_000 }), (ls, shipping, surcharge, tax) => {
        const lines = ls.map((l, i) => line(`S${i}`, l.quantity, l.unitPrice, Math.max(0, l.quantity * l.unitPrice - l.off)));
        const net = lines.reduce((s, l) => s + l.proratedLinePrice, 0) + shipping + surcharge;
        const body = toTwotierOrder({ ...exclusive, lines, shipping, total: net, totalWithTax: net + tax }, { orderId: 'x', precision: 2 });
        expect(orderTotalPaid(body)).toBe(net + tax);
        for (const item of body.items) expect(item.discount).toBeGreaterThanOrEqual(0);
        expect(body.tax).toBe(tax);
      }),
    );
  });
});

describe('regionOf', () => {
  const provinces = [{ code: 'ZJ', names: ['Zhejiang', '浙江'] }, { code: 'CN-GD', names: ['Guangdong'] }];
  it('reads ISO 3166-2 from the country code and the province', () => {
    expect(regionOf({ countryCode: 'CN', province: '浙江' }, provinces)).toBe('CN-ZJ');
    expect(regionOf({ countryCode: 'cn', province: 'guangdong' }, provinces)).toBe('CN-GD');
    expect(regionOf({ countryCode: 'US', province: 'ca' })).toBe('US-CA');
    expect(regionOf({ countryCode: 'CN', province: 'CN-SH' })).toBe('CN-SH');
    expect(regionOf({ countryCode: 'DE', province: 'Somewhere far' })).toBe('DE');
    expect(regionOf({ countryCode: 'DE', province: '' })).toBe('DE');
    expect(regionOf({ province: 'ZJ' })).toBeUndefined();
    expect(regionOf(null)).toBeUndefined();
  });
});
