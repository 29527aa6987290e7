import { describe, expect, it } from 'vitest';
import { captureReferral } from '../src/referral.mjs';
import { buildOrder, orderTotal } from '../src/orders.mjs';
import { orderCreateSchema } from '@twotier/core/schema';

const newVisitorId = () => 'v_newVisitor0001';

describe('server-side referral capture', () => {
  it('turns ?ref= into first-party cookies and a clean URL to redirect to', () => {
    const r = captureReferral(new URL('http://shop.test/p?x=1&ref=alice'), undefined, { newVisitorId });
    expect(r).toMatchObject({ code: 'alice', visitorId: 'v_newVisitor0001', touched: true, cleanUrl: '/p?x=1' });
    expect(r.setCookies).toEqual([
      expect.stringMatching(/^tt_vid=v_newVisitor0001; Path=\/; Max-Age=[1-9]\d*; SameSite=Lax$/),
      expect.stringMatching(/^tt_ref=alice; Path=\/; Max-Age=[1-9]\d*; SameSite=Lax$/),
    ]);
  });

  it('adds Secure on https and keeps the last click', () => {
    const r = captureReferral(new URL('https://shop.test/?ref=bob'), 'tt_vid=v_keptVisitor01; tt_ref=alice', { newVisitorId });
    expect(r).toMatchObject({ code: 'bob', visitorId: 'v_keptVisitor01' });
    expect(r.setCookies.every((c) => c.endsWith('; Secure'))).toBe(true);
  });

  it('reads kept cookies without setting anything again', () => {
    const r = captureReferral(new URL('http://shop.test/'), 'tt_vid=v_keptVisitor01; tt_ref=alice', { newVisitorId });
    expect(r).toEqual({ code: 'alice', visitorId: 'v_keptVisitor01', setCookies: [], touched: false, cleanUrl: null });
  });

  it('ignores a malformed code but still strips it from the URL', () => {
    const r = captureReferral(new URL('http://shop.test/?ref=%3Cscript%3E'), 'tt_vid=v_keptVisitor01', { newVisitorId });
    expect(r).toMatchObject({ code: null, touched: false, setCookies: [], cleanUrl: '/' });
  });
});

describe('order body', () => {
  it('prices quantities from the shop’s list and carries the captured referral', () => {
    const order = buildOrder(
      { quantities: { 'MUG-01': 2, 'KETTLE-GN': 1, 'BEAN-1KG': 0, NOPE: 3 }, email: 'a@b.cn', userId: 'u_1', referral: { code: 'alice', visitorId: 'v_keptVisitor01' } },
      () => 'NS-ABC',
    );
    expect(order).toEqual({
      id: 'NS-ABC',
      currency: 'CNY',
      items: [
        { sku: 'MUG-01', category: 'kitchen', quantity: 2, unitPrice: 5_900 },
        { sku: 'KETTLE-GN', category: 'kitchen', quantity: 1, unitPrice: 32_900 },
      ],
      visitorId: 'v_keptVisitor01',
      referralCode: 'alice',
      customer: { id: 'u_1', email: 'a@b.cn' },
      placedAt: expect.any(String),
    });
    expect(orderTotal(order)).toBe(44_700);
    expect(orderCreateSchema.safeParse(order).success).toBe(true);
  });

  it('refuses an order with nothing in it', () => {
    expect(() => buildOrder({ quantities: { 'MUG-01': 0, 'BEAN-1KG': 1.5 }, referral: { code: null, visitorId: 'v_x0000000' } })).toThrow(RangeError);
  });
});
