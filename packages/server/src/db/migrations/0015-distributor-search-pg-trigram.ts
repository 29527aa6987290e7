import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

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
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
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
