import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const big = 'bigint';

async function index(db: Kysely<any>, name: string, table: string, columns: string[]): Promise<void> {
  await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
}

/**
 * Bonuses, referee rewards, webhooks (outbox), daily rollups, Stripe events
 * and shop settings. Only adds tables; every key starts with `shop_id`.
 */
export const programFeaturesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('shop_settings')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.primaryKey())
      .addColumn('referee_reward_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('click_retention_days', 'integer')
      .addColumn('stripe_signing_secret', 'text')
      .addColumn('updated_at', big, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('bonuses')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('sales', big, (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('bonuses_pk', ['shop_id', 'id'])
      .addUniqueConstraint('bonuses_once_uq', ['shop_id', 'distributor_id', 'period', 'kind'])
      .execute();

    await db.schema
      .createTable('bonus_periods')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('distributors', 'integer', (c) => c.notNull())
      .addColumn('total', big, (c) => c.notNull())
      .addColumn('run_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('bonus_periods_pk', ['shop_id', 'period'])
      .execute();

    await db.schema
      .createTable('reward_coupons')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'text')
      .addColumn('distributor_id', 'text')
      .addColumn('assigned_at', big)
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('reward_coupons_pk', ['shop_id', 'code'])
      .addUniqueConstraint('reward_coupons_visitor_uq', ['shop_id', 'visitor_id'])
      .execute();
    await index(db, 'reward_coupons_free_ix', 'reward_coupons', ['shop_id', 'assigned_at']);

    await db.schema
      .createTable('webhook_endpoints')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_endpoints_pk', ['shop_id', 'id'])
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', big, (c) => c.notNull())
      .addColumn('locked_until', big)
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', big)
      .addColumn('created_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['shop_id', 'id'])
      .addUniqueConstraint('webhook_deliveries_event_uq', ['shop_id', 'endpoint_id', 'event_id'])
      .execute();
    await index(db, 'webhook_deliveries_due_ix', 'webhook_deliveries', ['status', 'next_attempt_at']);
    await index(db, 'webhook_deliveries_endpoint_ix', 'webhook_deliveries', ['shop_id', 'endpoint_id', 'created_at']);

    await db.schema
      .createTable('daily_clicks')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('clicks', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('daily_clicks_pk', ['shop_id', 'day', 'code'])
      .execute();

    await db.schema
      .createTable('daily_sales')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('orders', big, (c) => c.notNull())
      .addColumn('sales', big, (c) => c.notNull())
      .addColumn('commissions', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('daily_sales_pk', ['shop_id', 'dim', 'day', 'key', 'currency'])
      .execute();

    await db.schema
      .createTable('stripe_events')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('received_at', big, (c) => c.notNull())
      .addPrimaryKeyConstraint('stripe_events_pk', ['shop_id', 'id'])
      .execute();

    // pruning old clicks walks them by time
    await index(db, 'touches_at_ix', 'touches', ['shop_id', 'at']);
  },
};
