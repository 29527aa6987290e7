import { describe, test } from 'vitest';
import { apiSuite } from './api';
import { PG_URL, postgresFactory, postgresReachable } from './harness';

const reachable = await postgresReachable();

if (reachable) {
  describe('API on PostgreSQL', () => apiSuite(postgresFactory));
} else if (process.env.CI) {
  test('PostgreSQL is required in CI', () => {
    throw new Error(`PostgreSQL not reachable at ${PG_URL}; CI requires it`);
  });
} else {
  console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: PostgreSQL tests SKIPPED !!!\n`);
  describe.skip(`API on PostgreSQL (not reachable at ${PG_URL})`, () => apiSuite(postgresFactory));
}
