import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Limits of the welcome-coupon pool: the shop's daily caps (null: the
 * server's defaults) and one counter per shop, UTC day and subject
 * (a distributor, or a client IP's hash). Only adds.
 */
export const welcomeLimitsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('shop_settings').addColumn('welcome_daily_cap_per_distributor', 'integer').execute();
    await db.schema.alterTable('shop_settings').addColumn('welcome_daily_cap_per_ip', 'integer').execute();
    await db.schema
      .createTable('welcome_daily_counts')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('assigned', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('welcome_daily_counts_pk', ['shop_id', 'day', 'scope', 'subject'])
      .execute();
  },
};
