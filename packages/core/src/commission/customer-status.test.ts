import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programSchema } from '../schema/program';
import { customerStatus } from './customer-status';
import { evaluateCommissions } from './evaluate';
import { commissionOrderOf } from './order-from-stored';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('customerStatus', () => {
  it('is returning when a key has an order placed before this one', () => {
    expect(customerStatus(day('2026-03-02'), [day('2026-03-01')])).toBe('returning');
    expect(customerStatus(day('2026-03-02'), [undefined, null, day('2026-03-01')])).toBe('returning');
  });

  it('is new for the first order, one at the same instant, one with no key or keys with no order', () => {
    expect(customerStatus(day('2026-03-02'), [day('2026-03-02')])).toBe('new');
    expect(customerStatus(day('2026-03-02'), [day('2026-03-05')])).toBe('new');
    expect(customerStatus(day('2026-03-02'), [])).toBe('new');
    expect(customerStatus(day('2026-03-02'), [undefined, null])).toBe('new');
  });

  it('reads any iterable of first-order times (a Map of keys, a generator)', () => {
    const firstByKey = new Map([['e:li@lanxi.example', day('2026-01-10')]]);
    expect(customerStatus(day('2026-03-02'), ['c:42', 'e:li@lanxi.example'].map((k) => firstByKey.get(k)))).toBe('returning');
    expect(customerStatus(day('2026-03-02'), firstByKey.values())).toBe('returning');
  });

  it('is returning exactly when the earliest known order is before this one', () => {
    const at = fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: undefined });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.array(at, { maxLength: 6 }), (placedAt, times) => {
        const known = times.filter((t): t is number => t !== undefined);
        const earliest = known.length ? Math.min(...known) : Infinity;
        expect(customerStatus(placedAt, times)).toBe(earliest < placedAt ? 'returning' : 'new');
        // the order of the keys never matters
        expect(customerStatus(placedAt, [...times].reverse())).toBe(customerStatus(placedAt, times));
      }),
    );
  });

  it('picks the rule a program keeps for returning customers', () => {
    const program = programSchema.parse({
      levels: 1,
      defaultRates: { level1Bps: 1000, level2Bps: 0 },
      rules: [{ id: 'again', when: { customer: 'returning' as const }, level1: { percentBps: 500 } }],
    });
    const body = { items: [{ sku: 'TEA', quantity: 1, unitPrice: 10_000 }] };
    const chain = { level1: { id: 'd1', status: 'active' as const }, level2: null };
    const pay = (firstOrderAt: number | undefined) =>
      evaluateCommissions(commissionOrderOf(body, day('2026-03-02'), customerStatus(day('2026-03-02'), [firstOrderAt])), chain, program).commissions[0]!.amount;
    expect(pay(undefined)).toBe(1000);
    expect(pay(day('2026-02-01'))).toBe(500);
  });
});
