import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Dashboard sign-in attempts, one row per email (known to the server or
 * not, by its SHA-256): how many attempts its current window has taken and
 * when the window ends. `admin_users.failed_attempts` and `locked_until`
 * stay, unused. Only adds.
 */
export const adminSignInAttemptsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('admin_sign_in_attempts')
      .ifNotExists()
      .addColumn('email_hash', 'text', (c) => c.primaryKey())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_sign_in_attempts_window_ix').ifNotExists().on('admin_sign_in_attempts').column('window_ends_at').execute();
  },
};
