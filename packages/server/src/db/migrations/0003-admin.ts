import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const big = 'bigint';

async function index(db: Kysely<any>, name: string, table: string, columns: string[]): Promise<void> {
  await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
}

/**
 * The dashboard's tables (admin users and their sessions) and the covering
 * indexes its reports read, so period totals over a million orders are
 * index-only range scans.
 */
export const adminMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('admin_users')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_until', big)
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('admin_users_pk', ['shop_id', 'id'])
      .addUniqueConstraint('admin_users_email_uq', ['shop_id', 'email'])
      .execute();
    await index(db, 'admin_users_email_ix', 'admin_users', ['email']);

    await db.schema
      .createTable('admin_sessions')
      .ifNotExists()
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('expires_at', big, (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .execute();

    await index(db, 'orders_admin_period_ix', 'orders', ['shop_id', 'placed_at', 'distributor_id', 'total_paid', 'refunded', 'region']);
    await index(db, 'orders_admin_distributor_ix', 'orders', ['shop_id', 'distributor_id', 'placed_at', 'total_paid', 'refunded']);
    await index(db, 'commissions_admin_period_ix', 'commissions', ['shop_id', 'created_at', 'status', 'level', 'amount', 'reversed']);
    await index(db, 'commissions_admin_distributor_ix', 'commissions', ['shop_id', 'distributor_id', 'amount', 'reversed']);
    await index(db, 'touches_admin_period_ix', 'touches', ['shop_id', 'at', 'code']);
    await index(db, 'touches_admin_code_ix', 'touches', ['shop_id', 'code', 'at']);
    await index(db, 'withdrawals_admin_paid_ix', 'withdrawals', ['shop_id', 'status', 'updated_at', 'amount']);
  },
};
