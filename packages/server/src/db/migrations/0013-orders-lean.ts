import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * orders_admin_list_ix (shop_id, placed_at, id) and orders_admin_distributor_ix (shop_id, distributor_id,
 * placed_at, …) begin with these two indexes' columns and serve every query they served: two b-trees less per order.
 */
export const ordersLeanMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('orders_placed_ix').ifExists().execute();
    await db.schema.dropIndex('orders_distributor_ix').ifExists().execute();
  },
};
