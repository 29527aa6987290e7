import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The commerce-platform connectors: each shop's settings per platform (the
 * webhook secret, and a JSON of the platform's options) and every accepted
 * platform event (id, topic, received-at, outcome, the last error in words),
 * unique per shop, platform and event id. Stripe's events move here from
 * `stripe_events` (copied, so a redelivery of an event seen before the
 * upgrade is still a duplicate); that table is no longer written. Frozen:
 * it calls no application code.
 */
export const integrationsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('integration_settings')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('integration_settings_pk', ['shop_id', 'platform'])
      .execute();

    await db.schema
      .createTable('integration_events')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text')
      .addColumn('error', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('integration_events_pk', ['shop_id', 'platform', 'event_id'])
      .execute();
    await db.schema
      .createIndex('integration_events_recent_ix')
      .ifNotExists()
      .on('integration_events')
      .columns(['shop_id', 'platform', 'received_at'])
      .execute();

    await sql`
      insert into integration_events (shop_id, platform, event_id, topic, outcome, order_id, error, result, attempts, received_at)
      select shop_id, 'stripe', id, type,
        case when result like '%"kind":"order"%' then 'order'
             when result like '%"kind":"refunds"%' then 'refund'
             else 'ignored' end,
        null, null, result, 1, received_at
      from stripe_events`.execute(db);
  },
};
