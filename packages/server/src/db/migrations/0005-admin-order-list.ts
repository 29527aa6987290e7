import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Keyset paging of the orders list, newest first, without sorting the table. */
export const adminOrderListMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('orders_admin_list_ix').ifNotExists().on('orders').columns(['shop_id', 'placed_at', 'id']).execute();
  },
};
