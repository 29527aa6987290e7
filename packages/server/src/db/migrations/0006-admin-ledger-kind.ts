import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Compliance reads the ledger's kinds by index (distinct kinds by skip-scan, bonus sums by range). */
export const adminLedgerKindMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('ledger_admin_kind_ix').ifNotExists().on('ledger_entries').columns(['shop_id', 'kind', 'amount']).execute();
  },
};
