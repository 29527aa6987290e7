import type { Commission } from '@twotier/core/schema';
import type { Executor } from '../db';
import type { CommissionTable, OrderTable } from '../db/schema';
import { toCommission } from '../services/order-view';
import { emitEvents, type EventGroup } from './emit';

/** `order.created` and one `commission.created` per commission of a new order. */
export async function emitOrderCreated(tx: Executor, shopId: string, order: OrderTable, commissions: CommissionTable[], now: number): Promise<void> {
  await emitEvents(tx, shopId, orderCreatedEvents(order, commissions.map((row) => toCommission(row))), now);
}

/**
 * The events of a new order: `order.created` and one `commission.created`
 * per commission, as the API shows them (a batch of orders emits many at once).
 */
export function orderCreatedEvents(order: OrderTable, views: Commission[]): EventGroup['events'] {
  return [
    {
      type: 'order.created',
      data: {
        id: order.id,
        currency: order.currency,
        base: Number(order.base),
        totalPaid: Number(order.total_paid),
        distributorId: order.distributor_id,
        placedAt: new Date(Number(order.placed_at)).toISOString(),
        commissions: views,
      },
    },
    ...views.map((c) => ({ type: 'commission.created' as const, data: c })),
  ];
}

/** A reversal as a refund wrote it. */
export interface ReversalEvent {
  commissionId: string;
  distributorId: string;
  level: number;
  amount: number;
  cumulative: number;
  earned: number;
  clawback: boolean;
}

/** One `commission.reversed` per reversal of a refund. */
export async function emitReversals(tx: Executor, shopId: string, orderId: string, refundId: string, reversals: ReversalEvent[], now: number): Promise<void> {
  await emitEvents(
    tx,
    shopId,
    reversals.map((r) => ({ type: 'commission.reversed' as const, data: { ...r, orderId, refundId } })),
    now,
  );
}

/** One `commission.available` per commission a settlement made available. */
export async function emitAvailable(
  tx: Executor,
  shopId: string,
  rows: { id: string; distributor_id: string; amount: number; reversed: number; currency: string }[],
  now: number,
): Promise<void> {
  await emitEvents(
    tx,
    shopId,
    rows.map((r) => ({
      type: 'commission.available' as const,
      data: { commissionId: r.id, distributorId: r.distributor_id, amount: Number(r.amount) - Number(r.reversed), currency: r.currency },
    })),
    now,
  );
}
