import type { Executor } from '../db';
import { rollupClicks, rollupOrders, rollupRefund } from '../stats/rollups';
import { countsOnDistributorAdded, countsOnStatusChanged } from './distributor-counts';
import { clickActivity, totalsOnDistributorAdded, totalsOnDistributorMoved, totalsOnOrdersRecorded, totalsOnRefundRecorded } from './distributor-totals';
import type { DomainEvent } from './events';

export type * from './events';

/**
 * The read models, each its own module, each kept by a named function per
 * event it follows:
 *
 * - distributor totals (`distributor_totals`: sales, orders, commissions,
 *   recruits, last activity; read-models/distributor-totals.ts);
 * - distributor counts per status (`distributor_counts`; distributor-counts.ts);
 * - distributor search (SQLite FTS5, kept by triggers; distributor-search.ts);
 * - the daily sales and click rollups (`daily_sales`, `daily_clicks`; stats/rollups.ts).
 *
 * The dashboard's day figures (`admin_daily`, admin/rollups.ts) are computed
 * when read, from these rollups and the rows.
 *
 * A write raises its events and applies them here, in its own transaction,
 * once: every read model sees them in the same order, and the rows they
 * lock are locked in the same order by every write.
 */
export async function applyEvents(tx: Executor, events: readonly DomainEvent[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'orders.recorded':
        await totalsOnOrdersRecorded(tx, event);
        await rollupOrders(tx, event.orders.map(({ order, commissions, evaluation }) => ({ order, commissions, evaluation })));
        break;
      case 'refund.recorded':
        await totalsOnRefundRecorded(tx, event);
        await rollupRefund(tx, event.order, {
          previous: event.previous,
          refund: event.refund,
          refundedBefore: event.refundedBefore,
          refundedAfter: event.refundedAfter,
          reversed: event.reversals.reduce((sum, r) => sum + r.amount, 0),
        });
        break;
      case 'clicks.recorded':
        await rollupClicks(tx, event.clicks);
        await clickActivity(tx, event.clicks);
        break;
      case 'distributor.added':
        await totalsOnDistributorAdded(tx, event);
        await countsOnDistributorAdded(tx, event);
        break;
      case 'distributor.moved':
        await totalsOnDistributorMoved(tx, event);
        break;
      case 'distributor.status_changed':
        await countsOnStatusChanged(tx, event);
        break;
    }
  }
}
