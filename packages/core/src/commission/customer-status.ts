/** Whether an order's customer had ordered before: the `customer` of a {@link CommissionOrder} and of a rule's `when`. */
export type CustomerStatus = 'new' | 'returning';

/**
 * The "returning customer" rule: a customer is returning when one of their
 * keys (customer id, email, visitor id) has an order placed strictly before
 * this one; otherwise, and for an order with no key at all, they are new.
 * Pass the time of the first order seen for each of the customer's keys
 * (ms; `null`/`undefined` for a key with no order). An order never makes
 * its own customer returning, and neither does one placed at the same instant.
 *
 * @example
 * customerStatus(Date.parse('2026-03-02'), [undefined, Date.parse('2026-03-01')]) // 'returning'
 * customerStatus(Date.parse('2026-03-02'), [Date.parse('2026-03-02')])             // 'new' (the order itself)
 * customerStatus(Date.parse('2026-03-02'), [])                                     // 'new' (no key)
 */
export function customerStatus(placedAt: number, firstOrderAt: Iterable<number | null | undefined>): CustomerStatus {
  for (const at of firstOrderAt) if (at !== null && at !== undefined && at < placedAt) return 'returning';
  return 'new';
}
