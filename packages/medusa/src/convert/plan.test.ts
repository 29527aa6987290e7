import { orderCreateSchema } from '@twotier/core/schema';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../options';
import type { MedusaLineItem, MedusaOrder, MedusaShippingMethod } from './medusa-order';
import { convertOrder } from './order-input';
import { isCaptured, planEvents } from './plan';

const options = resolveOptions({ baseUrl: 'http://twotier.test', secretKey: 'sk_test' });
const raw = (value: string) => ({ value, precision: 20 });

/** A line as `query.graph` returns it: JSON numbers beside their raw text. */
const line = (sku: string, price: string, quantity: number, extra: Partial<MedusaLineItem> = {}): MedusaLineItem => ({
  id: `ordli_${sku}`,
  variant_sku: sku,
  quantity,
  raw_quantity: raw(String(quantity)),
  unit_price: Number(price),
  raw_unit_price: raw(price),
  is_tax_inclusive: false,
  tax_lines: [{ rate: 19 }],
  adjustments: [],
  ...extra,
});

const shippingMethod = (amount: string, extra: Partial<MedusaShippingMethod> = {}): MedusaShippingMethod => ({
  id: 'ordsm_1',
  amount: Number(amount),
  raw_amount: raw(amount),
  is_tax_inclusive: false,
  tax_lines: [{ rate: 19 }],
  adjustments: [],
  ...extra,
});

const order = (extra: Partial<MedusaOrder> = {}): MedusaOrder => ({
  id: 'order_1',
  currency_code: 'eur',
  email: 'buyer@example.com',
  customer_id: 'cus_1',
  created_at: '2026-12-03T16:41:46.235Z',
  status: 'pending',
  metadata: { twotier_ref: 'alice', twotier_visitor: 'v_0123456789' },
  items: [line('TEA-1', '39.99', 3)],
  shipping_methods: [shippingMethod('4.9')],
  shipping_address: { country_code: 'de', province: 'de-by' },
  payment_collections: [
    { id: 'pay_col_1', status: 'completed', amount: 148.5953, raw_amount: raw('148.5953'), captured_amount: 148.5953, raw_captured_amount: raw('148.5953'), payments: [{ id: 'pay_1', refunds: [] }] },
  ],
  ...extra,
});

describe('convertOrder', () => {
  it('a tax-exclusive order: lines and shipping net, tax the rest of what was charged', () => {
    // Medusa: 3 × 39.99 = 119.97, shipping 4.90, 19 % on both → total (119.97 + 4.90) × 1.19 = 148.5953.
    // Charged, rounded once: 148.60 → 14860; tax = 14860 − 11997 − 490 = 2373 (Medusa's tax_total 23.7253).
    const { input, totalPaid } = convertOrder(order(), options);
    expect(input).toEqual({
      id: 'medusa:order_1',
      currency: 'EUR',
      items: [{ sku: 'TEA-1', quantity: 3, unitPrice: 3999 }],
      shipping: 490,
      tax: 2373,
      customer: { id: 'cus_1', email: 'buyer@example.com' },
      region: 'DE-BY',
      referralCode: 'alice',
      visitorId: 'v_0123456789',
      placedAt: '2026-12-03T16:41:46.235Z',
    });
    expect(totalPaid).toBe(14860);
    expect(orderCreateSchema.safeParse(input).success).toBe(true);
  });

  it('a tax-inclusive order has the base a tax-exclusive shop would have, from its own tax lines', () => {
    // 39.99 including 19 % → net 39.99 / 1.19 = 33.6050… → 33.61, the price a tax-exclusive shop lists;
    // shipping 5.95 including 19 % → 5.00. Charged 3 × 39.99 + 5.95 = 125.92; tax = 12592 − 3 × 3361 − 500 = 2009.
    const inclusive = convertOrder(
      order({ items: [line('TEA-1', '39.99', 3, { is_tax_inclusive: true })], shipping_methods: [shippingMethod('5.95', { is_tax_inclusive: true })] }),
      options,
    );
    expect(inclusive.input).toMatchObject({ items: [{ sku: 'TEA-1', quantity: 3, unitPrice: 3361 }], shipping: 500, tax: 2009 });
    expect(inclusive.totalPaid).toBe(12592);
    // the same sale on a tax-exclusive shop listing 33.61 and 5.00: the same lines and shipping
    const exclusive = convertOrder(order({ items: [line('TEA-1', '33.61', 3)], shipping_methods: [shippingMethod('5')] }), options);
    expect(exclusive.input.items).toEqual(inclusive.input.items);
    expect(exclusive.input.shipping).toBe(inclusive.input.shipping);
  });

  it('a percentage promotion is the line’s discount without tax, rounded once', () => {
    // 10 % of 119.97 = 11.997 → 12.00 off the line; charged (119.97 − 11.997 + 4.90) × 1.19 = 134.31887 → 134.32;
    // tax = 13432 − (11997 − 1200) − 490 = 2145.
    const { input } = convertOrder(
      order({ items: [line('TEA-1', '39.99', 3, { adjustments: [{ amount: 11.997, raw_amount: raw('11.997'), is_tax_inclusive: false, code: 'TEN' }] })] }),
      options,
    );
    expect(input).toMatchObject({ items: [{ sku: 'TEA-1', quantity: 3, unitPrice: 3999, discount: 1200 }], shipping: 490, tax: 2145, couponCode: 'TEN' });
  });

  it('JPY has no minor unit and KWD has three', () => {
    // 2 × ¥1990 + ¥500 shipping, no tax: 4480 charged, all of it lines and shipping.
    const yen = convertOrder(
      order({ currency_code: 'jpy', items: [line('MATCHA', '1990', 2, { tax_lines: [] })], shipping_methods: [shippingMethod('500', { tax_lines: [] })] }),
      options,
    );
    expect(yen).toEqual({ input: expect.objectContaining({ currency: 'JPY', items: [{ sku: 'MATCHA', quantity: 2, unitPrice: 1990 }], shipping: 500 }), totalPaid: 4480 });
    expect(yen.input.tax).toBeUndefined();
    // KWD 1.250 × 4 = 5.000, no shipping → 5000 fils
    const dinar = convertOrder(order({ currency_code: 'kwd', items: [line('CUP', '1.250', 4, { tax_lines: [] })], shipping_methods: [] }), options);
    expect(dinar).toEqual({ input: expect.objectContaining({ items: [{ sku: 'CUP', quantity: 4, unitPrice: 1250 }] }), totalPaid: 5000 });
  });

  it('refuses a price that is not an exact amount in the currency, or a fractional quantity, with the reason', () => {
    expect(() => convertOrder(order({ items: [line('TEA-1', '9.995', 1)] }), options)).toThrow(
      'unit price of line TEA-1: "9.995" has more decimal places than EUR has (2)',
    );
    expect(() => convertOrder(order({ items: [line('TEA-1', '39.99', 1, { raw_quantity: raw('1.5') })] }), options)).toThrow(
      'quantity of line TEA-1 must be a whole number',
    );
    expect(() => convertOrder(order({ currency_code: 'xxx' }), options)).toThrow('order currency "xxx" is not an ISO 4217 currency');
  });

  it('leaves out a malformed referral, visitor id or email rather than the order', () => {
    const { input } = convertOrder(order({ email: 'not-an-email', metadata: { twotier_ref: 'bad code!', twotier_visitor: 'short' } }), options);
    expect(input).not.toHaveProperty('referralCode');
    expect(input).not.toHaveProperty('visitorId');
    expect(input).not.toHaveProperty('customer');
    expect(input.items).toHaveLength(1);
  });
});

describe('planEvents', () => {
  it('waits for the capture, unless the shop counts orders when placed', () => {
    const authorized = order({ payment_collections: [{ id: 'pc', status: 'authorized', raw_amount: raw('148.5953'), raw_captured_amount: raw('0'), payments: [] }] });
    expect(isCaptured(authorized)).toBe(false);
    expect(planEvents(authorized, options)).toEqual([]);
    expect(planEvents(authorized, resolveOptions({ ...options, countOrderOn: 'placed' })).map((e) => e.key)).toEqual(['order:order_1']);
    expect(isCaptured(order())).toBe(true);
  });

  it('gives the order, each refund by its own id, and after a cancellation the rest', () => {
    const refunded = order({
      status: 'canceled',
      payment_collections: [
        {
          id: 'pc',
          status: 'completed',
          raw_amount: raw('148.5953'),
          raw_captured_amount: raw('148.5953'),
          payments: [
            {
              id: 'pay_1',
              refunds: [
                { id: 'ref_2', raw_amount: raw('0.004'), created_at: '2026-12-03T17:00:00Z' },
                { id: 'ref_1', raw_amount: raw('10'), created_at: '2026-12-03T16:50:00Z' },
              ],
            },
          ],
        },
      ],
    });
    // refunds oldest first; 0.004 rounds to nothing and reverses nothing; the cancellation reverses 14860 − 1000 = 13860.
    expect(planEvents(refunded, options).map((e) => [e.key, 'payload' in e ? e.payload : e.refused])).toEqual([
      ['order:order_1', expect.objectContaining({ id: 'medusa:order_1' })],
      ['refund:ref_1', { id: 'medusa:ref_1', amount: 1000 }],
      ['cancel:order_1', { id: 'medusa:order_1:canceled', amount: 13860 }],
    ]);
  });

  it('a cancellation whose refunds covered everything adds nothing; a full refund of 148.5953 is 148.60', () => {
    // Medusa refunds the capture and then cancels the payment collection: the order still counted.
    const canceled = order({
      status: 'canceled',
      payment_collections: [{ id: 'pc', status: 'canceled', raw_amount: raw('148.5953'), raw_captured_amount: raw('148.5953'), payments: [{ id: 'p', refunds: [{ id: 'ref_all', raw_amount: raw('148.5953') }] }] }],
    });
    expect(planEvents(canceled, options).map((e) => e.key)).toEqual(['order:order_1', 'refund:ref_all']);
    expect(planEvents(canceled, options)[1]).toMatchObject({ payload: { amount: 14860 } });
    // canceled before any capture: it never counted, nothing to reverse
    const unpaid = order({ status: 'canceled', payment_collections: [{ id: 'pc', status: 'canceled', raw_amount: raw('148.5953'), raw_captured_amount: raw('0'), payments: [] }] });
    expect(planEvents(unpaid, options)).toEqual([]);
  });

  it('refunds that each round up never take back more than was paid', () => {
    // Two refunds of 74.29765 each round to 74.30: 7430 + 7430 = 14860, exactly the total paid; a third cent-sized one finds nothing left.
    const refunds = [
      { id: 'ref_a', raw_amount: raw('74.29765'), created_at: '2026-12-03T17:00:00Z' },
      { id: 'ref_b', raw_amount: raw('74.29765'), created_at: '2026-12-03T17:01:00Z' },
      { id: 'ref_c', raw_amount: raw('0.01'), created_at: '2026-12-03T17:02:00Z' },
    ];
    const planned = planEvents(order({ payment_collections: [{ ...order().payment_collections![0]!, payments: [{ id: 'p', refunds }] }] }), options);
    expect(planned.map((e) => [e.key, 'payload' in e ? (e.payload as { amount?: number }).amount : null])).toEqual([
      ['order:order_1', undefined],
      ['refund:ref_a', 7430],
      ['refund:ref_b', 7430],
    ]);
  });

  it('an order that cannot be converted is one refused event with the reason', () => {
    expect(planEvents(order({ items: [line('TEA-1', '9.995', 1)] }), options)).toEqual([
      {
        key: 'order:order_1',
        kind: 'order',
        medusaOrderId: 'order_1',
        twotierOrderId: 'medusa:order_1',
        refused: 'unit price of line TEA-1: "9.995" has more decimal places than EUR has (2)',
      },
    ]);
  });
});
