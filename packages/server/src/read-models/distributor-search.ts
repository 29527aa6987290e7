import { SqliteAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Db, Executor } from '../db';
import { likeEscape } from '../util/cursor';

/**
 * Search of distributors by name or email: on SQLite an FTS5 trigram index
 * (`distributor_search`, kept by triggers on `distributors`), so finding one
 * distributor among 100,000 reads the index, not every name. A search
 * matches the code exactly, or the text anywhere in the name or email,
 * ignoring case. Texts of one or two characters, and PostgreSQL, use
 * `lower(…) LIKE`: over the rows, or on PostgreSQL through trigram indexes
 * where `pg_trgm` could be installed (migration 0015).
 */

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
