import { describe, expect, it } from 'vitest';
import { RefundError, RuleError } from './errors';

describe('typed errors', () => {
  it('carry a code and a name, and are Errors', () => {
    const rule = new RuleError('invalid_order', 'quantity must be ≥ 1');
    const refund = new RefundError('too_many_items', 'only 2 were bought');
    expect(rule).toBeInstanceOf(Error);
    expect([rule.name, rule.code, rule.message]).toEqual(['RuleError', 'invalid_order', 'quantity must be ≥ 1']);
    expect([refund.name, refund.code, refund.message]).toEqual(['RefundError', 'too_many_items', 'only 2 were bought']);
    expect(refund).not.toBeInstanceOf(RuleError);
  });
});
