import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Column type for money and times: bigint in PostgreSQL, INTEGER affinity in SQLite. */
const big = 'bigint';

async function index(db: Kysely<any>, name: string, table: string, columns: string[]): Promise<void> {
  await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
}

/** The tracking server's tables: shops, distributors, clicks, conversions, coupons, bindings, orders, commissions, refunds, the ledger, withdrawals, sessions. */
export const initialMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('shops')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('allowed_origins', 'text', (c) => c.notNull())
      .addColumn('publishable_key', 'text', (c) => c.notNull().unique())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('identity_key', 'text', (c) => c.notNull())
      .addColumn('program', 'text', (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('distributors')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('external_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('parent_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('grade', 'text')
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('distributors_pk', ['shop_id', 'id'])
      .addUniqueConstraint('distributors_code_uq', ['shop_id', 'code'])
      .addUniqueConstraint('distributors_external_uq', ['shop_id', 'external_id'])
      .addUniqueConstraint('distributors_user_uq', ['shop_id', 'user_id'])
      .execute();
    await index(db, 'distributors_parent_ix', 'distributors', ['shop_id', 'parent_id']);
    await index(db, 'distributors_created_ix', 'distributors', ['shop_id', 'created_at']);

    await db.schema
      .createTable('touches')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('referrer', 'text')
      .addColumn('at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('touches_pk', ['shop_id', 'event_id'])
      .execute();
    await index(db, 'touches_visitor_ix', 'touches', ['shop_id', 'visitor_id', 'at']);

    await db.schema
      .createTable('conversions')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('conversions_pk', ['shop_id', 'event_id'])
      .execute();
    await index(db, 'conversions_order_ix', 'conversions', ['shop_id', 'order_id']);

    await db.schema
      .createTable('coupons')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('coupons_pk', ['shop_id', 'code'])
      .execute();

    await db.schema
      .createTable('bindings')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('customer_key', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('bound_at', big, (c) => c.notNull())
      .addColumn('expires_at', big)
      .addPrimaryKeyConstraint('bindings_pk', ['shop_id', 'customer_key'])
      .execute();

    await db.schema
      .createTable('orders')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('base', big, (c) => c.notNull())
      .addColumn('total_paid', big, (c) => c.notNull())
      .addColumn('refunded', big, (c) => c.notNull())
      .addColumn('customer_key', 'text')
      .addColumn('visitor_id', 'text')
      .addColumn('region', 'text')
      .addColumn('distributor_id', 'text')
      .addColumn('attribution', 'text')
      .addColumn('evaluation', 'text', (c) => c.notNull())
      .addColumn('not_paid', 'text', (c) => c.notNull())
      .addColumn('placed_at', big, (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('orders_pk', ['shop_id', 'id'])
      .execute();
    await index(db, 'orders_placed_ix', 'orders', ['shop_id', 'placed_at']);
    await index(db, 'orders_distributor_ix', 'orders', ['shop_id', 'distributor_id', 'placed_at']);
    await index(db, 'orders_customer_ix', 'orders', ['shop_id', 'customer_key']);

    await db.schema
      .createTable('commissions')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('reversed', big, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('available_at', big, (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('commissions_pk', ['shop_id', 'id'])
      .addUniqueConstraint('commissions_order_level_uq', ['shop_id', 'order_id', 'level'])
      .execute();
    await index(db, 'commissions_due_ix', 'commissions', ['shop_id', 'status', 'available_at']);
    await index(db, 'commissions_distributor_ix', 'commissions', ['shop_id', 'distributor_id', 'created_at']);

    await db.schema
      .createTable('refunds')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('amount', big)
      .addColumn('items', 'text')
      .addColumn('reversals', 'text', (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('refunds_pk', ['shop_id', 'id'])
      .execute();
    await index(db, 'refunds_order_ix', 'refunds', ['shop_id', 'order_id']);

    await db.schema
      .createTable('ledger_entries')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('commission_id', 'text')
      .addColumn('withdrawal_id', 'text')
      .addColumn('dedupe_key', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('ledger_entries_pk', ['shop_id', 'id'])
      .addUniqueConstraint('ledger_entries_dedupe_uq', ['shop_id', 'dedupe_key'])
      .execute();
    await index(db, 'ledger_balance_ix', 'ledger_entries', ['shop_id', 'distributor_id', 'bucket']);

    await db.schema
      .createTable('withdrawals')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('fee', big, (c) => c.notNull())
      .addColumn('net', big, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('reference', 'text')
      .addColumn('created_at', big, (c) => c.notNull())
      .addColumn('updated_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('withdrawals_pk', ['shop_id', 'id'])
      .execute();
    await index(db, 'withdrawals_status_ix', 'withdrawals', ['shop_id', 'status', 'created_at']);
    await index(db, 'withdrawals_distributor_ix', 'withdrawals', ['shop_id', 'distributor_id']);

    await db.schema
      .createTable('sessions')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('name', 'text')
      .addColumn('visitor_id', 'text')
      .addColumn('expires_at', big, (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('sessions_pk', ['shop_id', 'token_hash'])
      .execute();
  },
};
