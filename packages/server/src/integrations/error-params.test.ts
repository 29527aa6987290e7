import { describe, expect, it } from 'vitest';
import { conflict, invalid, notFound, validationError } from '../http/errors';
import { z } from 'zod';
import { errorParams } from './run-delivery';

describe('errorParams: what a failed event keeps beside its code, for a message in the reader\'s language', () => {
  it('names what was not found and its id', () => {
    expect(errorParams(notFound('order wc-9'))).toEqual({ what: 'order', id: 'wc-9' });
  });
  it('keeps flat details, cut to 200 characters, and drops what is not a string or number', () => {
    expect(errorParams(invalid('currency_mismatch', 'x', { currency: 'USD', orderCurrency: 'CNY' }))).toEqual({ currency: 'USD', orderCurrency: 'CNY' });
    expect(errorParams(invalid('invalid_amount', 'x', { field: 'total', value: 'y'.repeat(500), nested: { a: 1 } }))).toEqual({ field: 'total', value: 'y'.repeat(200) });
  });
  it('lists the fields a validation named, once each', () => {
    const r = z.object({ a: z.string(), b: z.number() }).safeParse({ a: 1, b: 'x' });
    expect(r.success).toBe(false);
    if (!r.success) expect(errorParams(validationError(r.error))).toEqual({ fields: 'a, b' });
  });
  it('is null when there is nothing to fill in', () => {
    expect(errorParams(conflict('idempotency_conflict', 'refund r-1 was already recorded with different content'))).toBeNull();
  });
});
