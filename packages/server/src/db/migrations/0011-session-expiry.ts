import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Expired sessions are deleted every minute (background/prune-sessions.ts): an index on when they expire. */
export const sessionExpiryMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('sessions_expires_ix').ifNotExists().on('sessions').columns(['expires_at']).execute();
    await db.schema.createIndex('admin_sessions_expires_ix').ifNotExists().on('admin_sessions').columns(['expires_at']).execute();
  },
};
