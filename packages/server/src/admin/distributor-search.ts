import { SqliteAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Db, Executor } from '../db';
import { likeEscape } from '../util/cursor';

/**
 * Search of distributors by name or email: on SQLite an FTS5 trigram index
 * (`distributor_search`, kept by triggers on `distributors`), so finding one
 * distributor among 100,000 reads the index, not every name. A search
 * matches the code exactly, or the text anywhere in the name or email,
 * ignoring case. Texts of one or two characters, and PostgreSQL, use
 * `lower(…) LIKE`: over the rows, or on PostgreSQL through trigram indexes
 * where `pg_trgm` could be installed (see the migration below).
 */

/** Name and email in one indexed text; char(1) keeps a match from spanning both. */
const TEXT = (row: 'new.' | '') => `${row}name || char(1) || coalesce(${row}email, '')`;

/** A trigger's statement adding the new row's entry. */
const ADD_ENTRY = `insert into distributor_search (shop_id, distributor_id, text) values (new.shop_id, new.id, ${TEXT('new.')});`;

/** Fills the index from every distributor, as one merged b-tree (a search of 100,000 names: 0.45 ms before the optimize, 0.17 ms after). */
async function fillSearchIndex(db: Kysely<any>): Promise<void> {
  await sql.raw(`insert into distributor_search (shop_id, distributor_id, text) select shop_id, id, ${TEXT('')} from distributors`).execute(db);
  await sql`insert into distributor_search (distributor_search) values ('optimize')`.execute(db);
}

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
    return sql<SqlBool>`(${sql.ref(cols.code)} = ${q} or ${sql.ref(cols.id)} in (select distributor_id from distributor_search where distributor_search.text match ${phrase} and shop_id = ${shopId}))`;
  }
  const pattern = `%${likeEscape(q.toLowerCase())}%`;
  return sql<SqlBool>`(${sql.ref(cols.code)} = ${q} or lower(${sql.ref(cols.name)}) like ${pattern} escape '\\' or lower(${sql.ref(cols.email)}) like ${pattern} escape '\\')`;
}

/** SQLite: the trigram index, its triggers, and a backfill. PostgreSQL: nothing. */
export const distributorSearchMigration: Migration = {
  async up(db: Kysely<any>) {
    if (!isSqlite(db)) return;
    await sql`create virtual table if not exists distributor_search using fts5(shop_id unindexed, distributor_id unindexed, text, tokenize = 'trigram')`.execute(db);
    await sql.raw(`create trigger if not exists distributors_search_insert after insert on distributors begin ${ADD_ENTRY} end`).execute(db);
    // rare (a name or email edited): finds the old entry by its unindexed id (0014 indexes it)
    await sql.raw(`create trigger if not exists distributors_search_update after update of name, email on distributors begin
      delete from distributor_search where shop_id = old.shop_id and distributor_id = old.id;
      ${ADD_ENTRY}
    end`).execute(db);
    await sql.raw(`create trigger if not exists distributors_search_delete after delete on distributors begin
      delete from distributor_search where shop_id = old.shop_id and distributor_id = old.id;
    end`).execute(db);
    await fillSearchIndex(db);
  },
};

/**
 * SQLite: the search index again, with the distributor id indexed too, so
 * the triggers find a distributor's entry through the index when a name or
 * email changes or a distributor is deleted (a rename among 100,000
 * distributors, its commit's fsync included: 41 ms with the scan, 4 ms now).
 * Searches still read only the name and email (`text`). PostgreSQL: nothing.
 */
export const distributorSearchByIdMigration: Migration = {
  async up(db: Kysely<any>) {
    if (!isSqlite(db)) return;
    for (const trigger of ['distributors_search_insert', 'distributors_search_update', 'distributors_search_delete']) {
      await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
    }
    await sql`drop table if exists distributor_search`.execute(db);
    await sql`create virtual table distributor_search using fts5(shop_id unindexed, distributor_id, text, tokenize = 'trigram')`.execute(db);
    // the id as an FTS5 phrase (ids are longer than a trigram's 3 characters), then the exact row
    const forget = `delete from distributor_search where distributor_id match '"' || replace(old.id, '"', '""') || '"' and distributor_id = old.id and shop_id = old.shop_id;`;
    await sql.raw(`create trigger distributors_search_insert after insert on distributors begin ${ADD_ENTRY} end`).execute(db);
    await sql.raw(`create trigger distributors_search_update after update of name, email on distributors begin ${forget} ${ADD_ENTRY} end`).execute(db);
    await sql.raw(`create trigger distributors_search_delete after delete on distributors begin ${forget} end`).execute(db);
    await fillSearchIndex(db);
  },
};

/**
 * PostgreSQL: trigram indexes on the lowercased name and email, so the
 * search's `lower(…) LIKE '%text%'` finds its rows through an index rather
 * than reading every distributor of the shop. They need the `pg_trgm`
 * extension (shipped with PostgreSQL; trusted, so a database owner may
 * install it): when it is missing or may not be installed, the migration
 * leaves everything as it was and searches read the rows as before.
 */
export const distributorSearchPgTrigramMigration: Migration = {
  async up(db: Kysely<any>) {
    if (isSqlite(db)) return;
    const schemaOf = async () =>
      (await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)).rows[0]?.schema;
    let schema = await schemaOf();
    if (!schema) {
      const available = await sql`select 1 from pg_available_extensions where name = 'pg_trgm'`.execute(db);
      if (available.rows.length === 0) return;
      // in public, not the server's own schema, so the extension outlives any one schema
      await sql`savepoint twotier_pg_trgm`.execute(db);
      try {
        await sql`create extension if not exists pg_trgm with schema public`.execute(db);
        await sql`release savepoint twotier_pg_trgm`.execute(db);
      } catch {
        // not allowed here, or another process installed it at the same moment
        await sql`rollback to savepoint twotier_pg_trgm`.execute(db);
      }
      schema = await schemaOf();
      if (!schema) return;
    }
    const ops = sql.raw(`${sql.id(schema).compile(db).sql}.gin_trgm_ops`);
    await sql`create index if not exists distributors_name_trgm_ix on distributors using gin (lower(name) ${ops})`.execute(db);
    await sql`create index if not exists distributors_email_trgm_ix on distributors using gin (lower(email) ${ops})`.execute(db);
  },
};

/** B-trees (segments) the search index may hold before the background job merges them into one. */
export const SEARCH_MAX_SEGMENTS = 4;

/**
 * SQLite: merges the search index's b-trees into one once there are more
 * than {@link SEARCH_MAX_SEGMENTS}, a step of about 200 pages at a time, each
 * step its own short write transaction so requests go on between them. FTS5
 * adds a b-tree per transaction that adds distributors and merges only some
 * of them as it goes, and every b-tree costs each search its own lookups
 * (a search of 100,000 distributors: 0.61 ms with 7, 0.20 ms with 1). Run by
 * the background jobs; returns the steps that did work. PostgreSQL: nothing.
 */
export async function mergeSearchIndex(db: Db, maxSteps = 200): Promise<number> {
  if (db.dialect !== 'sqlite' || (await searchIndexSegments(db)) <= SEARCH_MAX_SEGMENTS) return 0;
  let steps = 0;
  while (steps < maxSteps) {
    const worked = await db.writeTx(async (tx) => {
      const changes = async () => Number((await sql<{ n: number }>`select total_changes() as n`.execute(tx)).rows[0]?.n ?? 0);
      const before = await changes();
      // a negative page count merges b-trees of every level, towards one
      await sql`insert into distributor_search (distributor_search, rank) values ('merge', -200)`.execute(tx);
      // FTS5: fewer than 2 changes means there was nothing left to merge
      return (await changes()) - before >= 2;
    });
    if (!worked) break;
    steps += 1;
  }
  return steps;
}

/** SQLite: the b-trees (segments) of the search index now, from FTS5's own `_idx` table. */
export async function searchIndexSegments(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(distinct segid) as n from distributor_search_idx`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}
