import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { checkRowLimit, MAX_ROWS, paypalCustomerId } from './payout-files';

describe('payout files keep to what each service documents', () => {
  it('a PayPal Payouts Web file holds at most 5,000 payments (developer.paypal.com/docs/payouts/standard/payouts-web)', () => {
    expect(MAX_ROWS.paypal).toBe(5_000);
    expect(() => checkRowLimit('paypal', 5_000)).not.toThrow();
    expect(() => checkRowLimit('paypal', 5_001)).toThrow(DomainError);
    try {
      checkRowLimit('paypal', 5_001);
    } catch (e) {
      // an invalid request: the error handler answers it 422
      expect(e).toMatchObject({ kind: 'invalid', code: 'too_many_rows', details: { limit: 5_000, rows: 5_001 } });
    }
  });
  it('a WeChat Pay 商家转账 batch holds at most 1,000 transfers (发起商家转账: 一个转账批次单最多发起一千笔转账)', () => {
    expect(() => checkRowLimit('wechat', 1_000)).not.toThrow();
    expect(() => checkRowLimit('wechat', 1_001)).toThrow(/at most 1000/);
  });
  it('the Alipay and bank files, with no published limit, take any number', () => {
    expect(() => checkRowLimit('alipay', 100_000)).not.toThrow();
    expect(() => checkRowLimit('bank', 100_000)).not.toThrow();
  });
  it("PayPal's customer ID is at most 30 characters without spaces, else left empty (it is optional)", () => {
    expect(paypalCustomerId('wd_0123456789abcdef')).toBe('wd_0123456789abcdef');
    expect(paypalCustomerId('x'.repeat(30))).toBe('x'.repeat(30));
    expect(paypalCustomerId('x'.repeat(31))).toBe('');
    expect(paypalCustomerId('has space')).toBe('');
  });
});
