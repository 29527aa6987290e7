import type { CommissionEvaluation } from '@twotier/core';
import type { CommissionTable, OrderTable } from '../db/schema';
import type { RefundShape } from '../stats/rollups';

/**
 * What the writes tell the read models, raised inside the writing
 * transaction (read-models/index.ts applies them there, so a read model is
 * never ahead of or behind the rows it is made from).
 *
 * @example
 * await applyEvents(tx, [{ type: 'distributor.added', shopId, distributorId: row.id, parentId, status: row.status }]);
 */
export type DomainEvent =
  | OrdersRecorded
  | RefundRecorded
  | ClicksRecorded
  | CommissionsSettled
  | WithdrawalPaid
  | DistributorAdded
  | DistributorMoved
  | DistributorStatusChanged;

/** New orders (a batch may hold several shops), each with its commissions and evaluation. */
export interface OrdersRecorded {
  type: 'orders.recorded';
  orders: { shopCurrency: string; order: OrderTable; commissions: CommissionTable[]; evaluation: CommissionEvaluation }[];
}

/**
 * A refund of `order` (the row as it was before the refund) and the
 * commission reversals it wrote: each from the commission of `level`, made
 * with the order (same `created_at`), taken from its available money when
 * `clawback` (it was settled) and from its pending money otherwise.
 */
export interface RefundRecorded {
  type: 'refund.recorded';
  shopCurrency: string;
  order: OrderTable;
  previous: readonly RefundShape[];
  refund: RefundShape;
  /** `orders.refunded` before and after this refund (minor units). */
  refundedBefore: number;
  refundedAfter: number;
  reversals: readonly { distributorId: string; level: number; amount: number; clawback: boolean }[];
}

/** Clicks stored for the first time (duplicates left out). */
export interface ClicksRecorded {
  type: 'clicks.recorded';
  clicks: { shop: { id: string }; code: string; at: number }[];
}

/**
 * Commissions whose hold ended, moved from pending to available by
 * settlement (services/settlement.ts): `net` is what the ledger moved (the
 * amount less what refunds reversed before), `createdAt` when the commission
 * was earned.
 */
export interface CommissionsSettled {
  type: 'commissions.settled';
  commissions: { shopId: string; level: number; currency: string; createdAt: number; net: number }[];
}

/** A withdrawal marked paid (`amount` minor units of `currency` at `at`): the money left the program. */
export interface WithdrawalPaid {
  type: 'withdrawal.paid';
  shopId: string;
  currency: string;
  amount: number;
  at: number;
}

/** A new distributor, under `parentId` when it has one. */
export interface DistributorAdded {
  type: 'distributor.added';
  shopId: string;
  distributorId: string;
  parentId: string | null;
  status: string;
}

/** A distributor moved from one parent to another (either may be none). */
export interface DistributorMoved {
  type: 'distributor.moved';
  shopId: string;
  distributorId: string;
  from: string | null;
  to: string | null;
}

/** A distributor's status changed. */
export interface DistributorStatusChanged {
  type: 'distributor.status_changed';
  shopId: string;
  distributorId: string;
  from: string;
  to: string;
}
