import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Which order a Stripe payment became, so `charge.refunded` finds it. Only adds a table. */
export const stripePaymentsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('stripe_payments')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('payment_intent', 'text', (c) => c.notNull())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('stripe_payments_pk', ['shop_id', 'payment_intent'])
      .execute();
  },
};
