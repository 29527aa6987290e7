import type { CompiledQuery } from 'kysely';
import type { Executor } from '../db';
import { addToRollups, salesOnOrders, salesOnRefund } from '../stats/rollups';
import { rollupClicks } from './click-rollups';
import { figuresOnOrders, figuresOnRefund, figuresOnSettled, figuresOnWithdrawalPaid } from './daily-figures';
import { countsOnDistributorAdded, countsOnStatusChanged } from './distributor-counts';
import { clickActivity, totalsOnDistributorAdded, totalsOnDistributorMoved, totalsOnOrdersRecorded, totalsOnRefundRecorded } from './distributor-totals';
import type { ClicksRecorded, DomainEvent } from './events';

export type * from './events';

/**
 * The read models, each its own module, each kept by a named function per
 * event it follows:
 *
 * - distributor totals (`distributor_totals`: sales, orders, commissions,
 *   recruits, last activity; read-models/distributor-totals.ts);
 * - distributor counts per status (`distributor_counts`; distributor-counts.ts);
 * - distributor search (SQLite FTS5, kept by triggers; distributor-search.ts);
 * - the daily rollups (`daily_sales`, `daily_clicks`): attributed sales by
 *   day, distributor, region and product (stats/rollups.ts), clicks by code
 *   and by day (read-models/click-rollups.ts), and in the same
 *   rows the dashboard's day figures — every order, commissions pending,
 *   available and reversed by level, withdrawals paid
 *   (read-models/daily-figures.ts). The Overview and Compliance read only
 *   these rows.
 *
 * | event | raised by | read models it moves |
 * | --- | --- | --- |
 * | `orders.recorded` | services/orders.ts | totals, sales rollups, day figures |
 * | `refund.recorded` | services/refunds.ts | totals, sales rollups, day figures |
 * | `clicks.recorded` | services/click-writer.ts | click rollups, last activity |
 * | `commissions.settled` | services/settlement.ts | day figures (pending → available) |
 * | `withdrawal.paid` | services/withdrawals.ts | day figures (paid) |
 * | `distributor.added`, `.moved`, `.status_changed` | services/distributors.ts | totals (recruits), counts |
 *
 * A write raises its events and applies them here, in its own transaction,
 * once: every read model sees them in the same order, and the rows they
 * lock are locked in the same order by every write. The rollup rows of one
 * event are added in one statement (the sales rows and the figures together).
 */
export async function applyEvents(tx: Executor, events: readonly DomainEvent[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'orders.recorded':
        await totalsOnOrdersRecorded(tx, event);
        await addToRollups(tx, [...salesOnOrders(event.orders), ...figuresOnOrders(event.orders)]);
        break;
      case 'refund.recorded':
        await totalsOnRefundRecorded(tx, event);
        await addToRollups(tx, [
          ...salesOnRefund({ ...event, reversed: event.reversals.reduce((sum, r) => sum + r.amount, 0) }),
          ...figuresOnRefund(event),
        ]);
        break;
      case 'clicks.recorded':
        for (const statement of clicksRecorded(tx, event)) await tx.executeQuery(statement);
        break;
      case 'commissions.settled':
        await addToRollups(tx, figuresOnSettled(event));
        break;
      case 'withdrawal.paid':
        await addToRollups(tx, figuresOnWithdrawalPaid(event));
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

/**
 * The statements that apply new clicks to the read models (click rollups,
 * then last activity), for {@link applyEvents} and for the click writer,
 * which on PostgreSQL may send them with the touches as one statement.
 */
export const clicksRecorded = (qb: Executor, event: ClicksRecorded): CompiledQuery[] => [...rollupClicks(qb, event.clicks), ...clickActivity(qb, event.clicks)];
