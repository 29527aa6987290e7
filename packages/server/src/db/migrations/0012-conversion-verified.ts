import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** A browser conversion is confirmed by the verified order with the same order id. */
export const conversionVerifiedMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('conversions').addColumn('verified_at', 'bigint').execute();
    await sql`update conversions set verified_at = (select o.created_at from orders o where o.shop_id = conversions.shop_id and o.id = conversions.order_id)`.execute(db);
  },
};
