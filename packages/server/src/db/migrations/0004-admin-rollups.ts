import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The overview's daily rollups (one row per shop and day) and the
 * watermarks that tell which days changed since they were computed.
 */
export const adminRollupsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('admin_daily')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('clicks', 'bigint', (c) => c.notNull())
      .addColumn('orders', 'bigint', (c) => c.notNull())
      .addColumn('attributed_orders', 'bigint', (c) => c.notNull())
      .addColumn('revenue', 'bigint', (c) => c.notNull())
      .addColumn('commissions', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('admin_daily_pk', ['shop_id', 'day'])
      .execute();
    await db.schema
      .createTable('admin_rollup_state')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.primaryKey())
      .addColumn('orders_upto', 'bigint', (c) => c.notNull())
      .addColumn('refunds_upto', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('orders_admin_created_ix').ifNotExists().on('orders').columns(['shop_id', 'created_at', 'placed_at']).execute();
    await db.schema.createIndex('refunds_admin_created_ix').ifNotExists().on('refunds').columns(['shop_id', 'created_at', 'order_id']).execute();
  },
};
