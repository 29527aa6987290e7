import { authAndErrorTests } from './suite/auth-and-errors';
import { useSuiteContext } from './suite/context';
import { couponAndStatsTests } from './suite/coupons-and-stats';
import { currencyTests } from './suite/currencies';
import { distributorTests } from './suite/distributors';
import { ledgerTests } from './suite/ledger';
import { orderTests } from './suite/orders';
import { processTests } from './suite/processes';
import { sessionTests } from './suite/sessions';
import { smallDoorTests } from './suite/small-doors';
import { socketTests } from './suite/sockets';
import { trackingTests } from './suite/tracking';
import type { DbFactory } from './harness';

/** The whole API suite over one kind of database. */
export function apiSuite(makeFactory: () => DbFactory): void {
  const ctx = useSuiteContext(makeFactory);
  authAndErrorTests(ctx);
  distributorTests(ctx);
  orderTests(ctx);
  ledgerTests(ctx);
  sessionTests(ctx);
  trackingTests(ctx);
  couponAndStatsTests(ctx);
  socketTests(ctx);
  smallDoorTests(ctx);
  processTests(ctx);
  currencyTests(ctx);
}
