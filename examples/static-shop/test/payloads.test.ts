import { describe, expect, it } from 'vitest';
import { orderCreateSchema, refundCreateSchema } from '@twotier/core/schema';
import { priceCart } from '../src/cart.mjs';
import { findProduct } from '../src/catalog.mjs';
import { buildOrderPayload, cleanReferralCode, cleanVisitorId } from '../src/order-payload.mjs';
import { RefundError, buildRefund, refundableUnits } from '../src/refund-payload.mjs';

const priced = priceCart([{ sku: 'TEA-LJ-50', quantity: 2 }, { sku: 'WARE-GAIWAN', quantity: 1 }], findProduct);
const paid = {
  id: 'LX-20261126-ABCDEF',
  currency: 'CNY',
  lines: priced.lines,
  shipping: priced.shipping,
  customer: { userId: 'u_ABC', email: 'Mei@Example.com', region: 'CN-ZJ' },
  referral: { visitorId: 'v_0123456789abcdef', code: 'carol_01' },
  paidAt: '2026-11-26T10:00:00.000Z',
};

describe('order payload', () => {
  it('is the API order shape built from the cart: the shop id, catalogue prices, categories, visitor and code', () => {
    const payload = buildOrderPayload(paid);
    expect(payload).toEqual({
      id: 'LX-20261126-ABCDEF',
      currency: 'CNY',
      items: [
        { sku: 'TEA-LJ-50', category: 'tea', quantity: 2, unitPrice: 16_800 },
        { sku: 'WARE-GAIWAN', category: 'teaware', quantity: 1, unitPrice: 8_800 },
      ],
      customer: { id: 'u_ABC', email: 'mei@example.com' },
      region: 'CN-ZJ',
      visitorId: 'v_0123456789abcdef',
      referralCode: 'carol_01',
      placedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(orderCreateSchema.safeParse(payload).success).toBe(true);
  });

  it('sends shipping when charged, and leaves out what the tag did not give', () => {
    const small = priceCart([{ sku: 'TEA-JAS-80', quantity: 1 }], findProduct);
    const payload = buildOrderPayload({ ...paid, lines: small.lines, shipping: small.shipping, customer: { email: 'guest@example.com' }, referral: {} });
    expect(payload.shipping).toBe(1000);
    expect(payload).not.toHaveProperty('visitorId');
    expect(payload).not.toHaveProperty('referralCode');
    expect(payload.customer).toEqual({ email: 'guest@example.com' });
    expect(orderCreateSchema.safeParse(payload).success).toBe(true);
  });

  it('drops malformed hidden inputs instead of failing the order', () => {
    const payload = buildOrderPayload({ ...paid, referral: { visitorId: 'short', code: 'has space' } });
    expect(payload).not.toHaveProperty('visitorId');
    expect(payload).not.toHaveProperty('referralCode');
    expect(cleanVisitorId(' v_0123456789 ')).toBe('v_0123456789');
    expect(cleanReferralCode('x'.repeat(33))).toBeUndefined();
    expect(cleanReferralCode(undefined)).toBeUndefined();
    expect(() => buildOrderPayload({ ...paid, lines: [] })).toThrow();
  });
});

describe('refund payload', () => {
  // ¥336.00 + ¥88.00 = ¥424.00, free shipping.
  const order = { id: 'LX-1', total: priced.total, lines: priced.lines, refunds: [] as { id: string; amount: number; items?: { sku: string; quantity: number }[]; createdAt: string }[] };
  const record = (r: ReturnType<typeof buildRefund>) => order.refunds.push({ id: String(r.payload.id), amount: r.amount, ...(r.items ? { items: r.items } : {}), createdAt: '' });

  it('refunds items at their catalogue price, then an amount, then everything left, with running ids', () => {
    const byItems = buildRefund(order, { kind: 'items', items: [{ sku: 'TEA-LJ-50', quantity: 1 }, { sku: 'WARE-GAIWAN', quantity: 0 }] });
    expect(byItems).toEqual({ payload: { id: 'LX-1-R1', items: [{ sku: 'TEA-LJ-50', quantity: 1 }] }, amount: 16_800, items: [{ sku: 'TEA-LJ-50', quantity: 1 }] });
    expect(refundCreateSchema.safeParse(byItems.payload).success).toBe(true);
    record(byItems);
    expect(refundableUnits(order, 'TEA-LJ-50')).toBe(1);

    const byAmount = buildRefund(order, { kind: 'amount', amount: 2_000 });
    expect(byAmount.payload).toEqual({ id: 'LX-1-R2', amount: 2_000 });
    record(byAmount);

    const rest = buildRefund(order, { kind: 'full' });
    expect(rest.payload).toEqual({ id: 'LX-1-R3', amount: 42_400 - 16_800 - 2_000 });
    expect(refundCreateSchema.safeParse(rest.payload).success).toBe(true);
    record(rest);
    expect(() => buildRefund(order, { kind: 'full' })).toThrow(RefundError);
  });

  it('refuses more than is left, units not bought, and empty refunds', () => {
    const fresh = { ...order, refunds: [] };
    expect(() => buildRefund(fresh, { kind: 'amount', amount: 42_401 })).toThrow(/left to refund/);
    expect(() => buildRefund(fresh, { kind: 'amount', amount: 0 })).toThrow(RefundError);
    expect(() => buildRefund(fresh, { kind: 'amount', amount: 1.5 })).toThrow(RefundError);
    expect(() => buildRefund(fresh, { kind: 'items', items: [{ sku: 'TEA-LJ-50', quantity: 3 }] })).toThrow(/only 2/);
    expect(() => buildRefund(fresh, { kind: 'items', items: [{ sku: 'GIFT-SAMPLER', quantity: 1 }] })).toThrow(/not in this order/);
    expect(() => buildRefund(fresh, { kind: 'items', items: [{ sku: 'TEA-LJ-50', quantity: 0 }] })).toThrow(/at least one/);
  });
});
