import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * An order looks its buyer up among the shop's distributors by customer id
 * (external_id, user_id: unique, indexed) or email. Without an index on the
 * email the lookup read every distributor of the shop per order batch; with it
 * both databases answer the OR from three indexes.
 */
export const distributorEmailIndexMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('distributors_email_ix').ifNotExists().on('distributors').columns(['shop_id', 'email']).execute();
  },
};
