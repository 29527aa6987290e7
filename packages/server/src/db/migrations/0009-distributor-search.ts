import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * SQLite: the trigram index, its triggers, and a backfill. PostgreSQL:
 * nothing. Frozen: the triggers' statement and the fill are copies of what
 * the search read model ran when this migration was frozen (0014 replaces
 * the index and its triggers).
 */
export const distributorSearchMigration: Migration = {
  async up(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    const addEntry = `insert into distributor_search (shop_id, distributor_id, text) values (new.shop_id, new.id, new.name || char(1) || coalesce(new.email, ''));`;
    await sql`create virtual table if not exists distributor_search using fts5(shop_id unindexed, distributor_id unindexed, text, tokenize = 'trigram')`.execute(db);
    await sql.raw(`create trigger if not exists distributors_search_insert after insert on distributors begin ${addEntry} end`).execute(db);
    // rare (a name or email edited): finds the old entry by its unindexed id (0014 indexes it)
    await sql.raw(`create trigger if not exists distributors_search_update after update of name, email on distributors begin
      delete from distributor_search where shop_id = old.shop_id and distributor_id = old.id;
      ${addEntry}
    end`).execute(db);
    await sql.raw(`create trigger if not exists distributors_search_delete after delete on distributors begin
      delete from distributor_search where shop_id = old.shop_id and distributor_id = old.id;
    end`).execute(db);
    // the fill, as one merged b-tree
    await sql`insert into distributor_search (shop_id, distributor_id, text) select shop_id, id, name || char(1) || coalesce(email, '') from distributors`.execute(db);
    await sql`insert into distributor_search (distributor_search) values ('optimize')`.execute(db);
  },
};
