import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Payouts that can be paid, and distributors told when money moves:
 * - `payout_accounts`: a distributor's Alipay, WeChat Pay, bank or PayPal
 *   account, its details encrypted (AES-256-GCM, `key_id` naming the key)
 *   beside a masked copy for screens; deleted accounts are kept (a
 *   withdrawal may name one) with `deleted_at` set;
 * - `withdrawals.payout_account_id`: the account a withdrawal names;
 * - `distributors.locale` and `distributors.email_opt_out_at`: the language
 *   of a distributor's emails, and when they unsubscribed;
 * - `email_outbox`: one email per money event, written in the event's
 *   transaction, unique per shop and event (`dedupe_key`), sent by a worker.
 * Only adds. Frozen: it calls no application code.
 */
export const payoutAccountsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('payout_accounts')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('masked', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .addPrimaryKeyConstraint('payout_accounts_pk', ['shop_id', 'id'])
      .execute();
    await db.schema.createIndex('payout_accounts_distributor_ix').ifNotExists().on('payout_accounts').columns(['shop_id', 'distributor_id', 'created_at']).execute();
    await db.schema.createIndex('payout_accounts_key_ix').ifNotExists().on('payout_accounts').columns(['key_id']).execute();

    await db.schema.alterTable('withdrawals').addColumn('payout_account_id', 'text').execute();
    await db.schema.alterTable('distributors').addColumn('locale', 'text').execute();
    await db.schema.alterTable('distributors').addColumn('email_opt_out_at', 'bigint').execute();

    await db.schema
      .createTable('email_outbox')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('sent_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('email_outbox_pk', ['shop_id', 'id'])
      .addUniqueConstraint('email_outbox_dedupe_uq', ['shop_id', 'dedupe_key'])
      .execute();
    await db.schema.createIndex('email_outbox_due_ix').ifNotExists().on('email_outbox').columns(['status', 'next_attempt_at']).execute();
  },
};
