import type { CustomerStatus } from './customer-status';
import type { CommissionOrder, OrderLine } from './types';

/** What of an order body (as `POST /v1/orders` takes it and the server stores it) the commission engine reads. */
export interface OrderBody {
  items: readonly OrderLine[];
  discount?: number | undefined;
  shipping?: number | undefined;
  tax?: number | undefined;
  region?: string | null | undefined;
}

/**
 * The {@link CommissionOrder} of an order body, the one way every caller
 * builds it: when the order arrives, when a refund reverses it, when the
 * simulator replays it. The lines are the body's own (so the engine's line
 * indexes are the body's); a stored `null` region is no region. The
 * customer's status comes from {@link customerStatus}.
 *
 * @example
 * const order = commissionOrderOf(JSON.parse(row.body), Number(row.placed_at), 'returning');
 * evaluateCommissions(order, chain, program);
 */
export function commissionOrderOf(body: OrderBody, placedAt: number | Date, customer: CustomerStatus): CommissionOrder {
  return {
    items: body.items,
    discount: body.discount,
    shipping: body.shipping,
    tax: body.tax,
    region: body.region ?? undefined,
    placedAt: new Date(placedAt),
    customer,
  };
}
