import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The counts table and a backfill from the existing rows. Frozen: the
 * backfill is a copy of what `rebuildDistributorCounts` ran for every shop.
 */
export const distributorCountsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('distributor_counts')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('distributor_counts_pk', ['shop_id', 'status'])
      .execute();
    await sql`delete from distributor_counts`.execute(db);
    await sql`insert into distributor_counts (shop_id, status, n) select shop_id, status, count(*) from distributors group by shop_id, status`.execute(db);
  },
};
