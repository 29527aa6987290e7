import type { Migration } from 'kysely/migration';
import { initialMigration } from './migrations/0001-initial';
import { programFeaturesMigration } from './migrations/0002-program-features';
import { adminMigration } from './migrations/0003-admin';
import { stripePaymentsMigration } from './migrations/0003-stripe-payments';
import { adminRollupsMigration } from './migrations/0004-admin-rollups';
import { adminOrderListMigration } from './migrations/0005-admin-order-list';
import { adminLedgerKindMigration } from './migrations/0006-admin-ledger-kind';
import { distributorTotalsMigration } from './migrations/0007-distributor-totals';
import { distributorCountsMigration } from './migrations/0008-distributor-counts';
import { distributorSearchMigration } from './migrations/0009-distributor-search';
import { touchesLeanMigration } from './migrations/0010-touches-lean';
import { sessionExpiryMigration } from './migrations/0011-session-expiry';
import { conversionVerifiedMigration } from './migrations/0012-conversion-verified';
import { ordersLeanMigration } from './migrations/0013-orders-lean';
import { distributorSearchByIdMigration } from './migrations/0014-distributor-search-by-id';
import { distributorSearchPgTrigramMigration } from './migrations/0015-distributor-search-pg-trigram';
import { currenciesMigration } from './migrations/0016-currencies';
import { adminSignInAttemptsMigration } from './migrations/0018-admin-sign-in-attempts';
import { welcomeLimitsMigration } from './migrations/0019-welcome-limits';
import { integrationsMigration } from './migrations/0020-integrations';
import { payoutAccountsMigration } from './migrations/0021-payout-accounts';
import { refundedFiguresErrorCodesMigration } from './migrations/0022-refunded-figures-error-codes';
import { distributorEmailIndexMigration } from './migrations/0023-distributor-email-index';
import { otherCurrencyIndexesMigration } from './migrations/0024-other-currency-indexes';
import { dayFiguresInRollupsMigration } from './migrations/0025-day-figures-in-rollups';
import { appendOnlyIndexesMigration } from './migrations/0026-append-only-indexes';

/**
 * The schema, as additive steps, each a frozen file `migrations/NNNN-name.ts`
 * holding its own SQL and importing nothing but kysely (so editing the
 * application never changes what an old step does on a fresh database). A
 * released migration is never edited or removed; changes come as new steps.
 *
 * The keys are the names kysely has recorded in `kysely_migration` of every
 * existing database, and it runs the steps in the order of these names: they
 * never change. Two of them share the number 0003 (`0003_admin` runs before
 * `0003_stripe_payments`, by name); a new step takes the next free number
 * and the name `NNNN_words`, its file `migrations/NNNN-words.ts`
 * (test/migrations.test.ts checks all this).
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': initialMigration,
  '0002_program_features': programFeaturesMigration,
  '0003_admin': adminMigration,
  '0003_stripe_payments': stripePaymentsMigration,
  '0004_admin_rollups': adminRollupsMigration,
  '0005_admin_order_list': adminOrderListMigration,
  '0006_admin_ledger_kind': adminLedgerKindMigration,
  '0007_distributor_totals': distributorTotalsMigration,
  '0008_distributor_counts': distributorCountsMigration,
  '0009_distributor_search': distributorSearchMigration,
  '0010_touches_lean': touchesLeanMigration,
  '0011_session_expiry': sessionExpiryMigration,
  '0012_conversion_verified': conversionVerifiedMigration,
  '0013_orders_lean': ordersLeanMigration,
  '0014_distributor_search_by_id': distributorSearchByIdMigration,
  '0015_distributor_search_pg_trigram': distributorSearchPgTrigramMigration,
  '0016_currencies': currenciesMigration,
  '0018_admin_sign_in_attempts': adminSignInAttemptsMigration,
  '0019_welcome_limits': welcomeLimitsMigration,
  '0020_integrations': integrationsMigration,
  '0021_payout_accounts': payoutAccountsMigration,
  '0022_refunded_figures_error_codes': refundedFiguresErrorCodesMigration,
  '0023_distributor_email_index': distributorEmailIndexMigration,
  '0024_other_currency_indexes': otherCurrencyIndexesMigration,
  '0025_day_figures_in_rollups': dayFiguresInRollupsMigration,
  '0026_append_only_indexes': appendOnlyIndexesMigration,
};

/** Names of the migrations in order, for the startup log. */
export const migrationNames = Object.keys(migrations).sort();
