import { describe } from 'vitest';
import { postgresFactory, postgresReachable, sqliteFactory, type DbFactory } from './harness';
import { useSuiteContext } from './suite/context';
import { shopifyTests } from './integrations/shopify';
import { wooCommerceTests } from './integrations/woocommerce';

const pgUp = await postgresReachable();
if (!pgUp) console.warn('\n*** PostgreSQL at 127.0.0.1:5432 is not reachable: the PostgreSQL run of the platform connectors is SKIPPED ***\n');

const kinds: [string, () => DbFactory, boolean][] = [
  ['sqlite', sqliteFactory, true],
  ['postgres', postgresFactory, pgUp || process.env.CI === 'true'],
];

for (const [name, factory, enabled] of kinds) {
  describe.runIf(enabled)(`commerce platforms on ${name}`, () => {
    const ctx = useSuiteContext(factory);
    shopifyTests(ctx);
    wooCommerceTests(ctx);
  });
}
