import { describe } from 'vitest';
import { postgresFactory, postgresReachable, sqliteFactory, type DbFactory } from './harness';
import { useSuiteContext } from './suite/context';
import { bonusTests } from './features/bonuses';
import { rewardTests } from './features/rewards';
import { webhookTests } from './features/webhooks';
import { webhookSafetyTests } from './features/webhook-safety';
import { statsTests } from './features/stats';
import { stripeTests } from './features/stripe';
import { welcomeLimitTests } from './features/welcome-limits';
import { payoutTests } from './features/payouts';
import { emailTests } from './features/emails';

const pgUp = await postgresReachable();
if (!pgUp) console.warn('\n*** PostgreSQL at 127.0.0.1:5432 is not reachable: the PostgreSQL run of the feature suite is SKIPPED ***\n');

const kinds: [string, () => DbFactory, boolean][] = [
  ['sqlite', sqliteFactory, true],
  ['postgres', postgresFactory, pgUp || process.env.CI === 'true'],
];

for (const [name, factory, enabled] of kinds) {
  describe.runIf(enabled)(`program features on ${name}`, () => {
    const ctx = useSuiteContext(factory);
    bonusTests(ctx);
    rewardTests(ctx);
    webhookTests(ctx);
    webhookSafetyTests(ctx);
    statsTests(ctx);
    stripeTests(ctx);
    welcomeLimitTests(ctx);
    payoutTests(ctx);
    emailTests(ctx);
  });
}
