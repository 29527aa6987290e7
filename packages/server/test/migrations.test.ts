import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db';
import { migrations } from '../src/db/migrations';
import { PG_URL, postgresReachable } from './harness';
import { catalogue } from './migrations/catalogue';

/**
 * Migrations are frozen files (src/db/migrations/NNNN-name.ts) holding their
 * own SQL. These tests hold them to it: the names kysely records never
 * change, each file imports nothing but kysely, and the steps up to 0021 build
 * exactly the schema the code before they were frozen built (catalogues in
 * test/migrations/, written from a database migrated by that code).
 */

// CI requires PostgreSQL; elsewhere its case is skipped when none answers
const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);

/** The names recorded in `kysely_migration` by every database migrated so far: they must keep meaning the same steps. */
const RECORDED = [
  '0001_initial', '0002_program_features', '0003_admin', '0003_stripe_payments', '0004_admin_rollups', '0005_admin_order_list',
  '0006_admin_ledger_kind', '0007_distributor_totals', '0008_distributor_counts', '0009_distributor_search', '0010_touches_lean',
  '0011_session_expiry', '0012_conversion_verified', '0013_orders_lean', '0014_distributor_search_by_id',
  '0015_distributor_search_pg_trigram', '0016_currencies', '0018_admin_sign_in_attempts', '0019_welcome_limits', '0020_integrations',
  '0021_payout_accounts',
];

const dir = join(import.meta.dirname, '../src/db/migrations');
const upTo0021 = (): Record<string, Migration> => Object.fromEntries(Object.entries(migrations).filter(([name]) => RECORDED.includes(name)));
const snapshot = (dialect: string) => readFileSync(join(import.meta.dirname, `migrations/schema-0021-${dialect}.txt`), 'utf8').trimEnd().split('\n');
const withoutMigrationTables = (lines: string[]) => lines.filter((l) => !l.includes('kysely_migration'));

describe('migrations', () => {
  it('keep every recorded name, in the order kysely runs them, each in its own file', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    expect(names.slice(0, RECORDED.length)).toEqual(RECORDED);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
    for (const name of names) {
      expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
      expect(files).toContain(`${name.replaceAll('_', '-')}.ts`);
    }
    expect(files.length).toBe(names.length);
    // a number is used once, except the two 0003 steps recorded long ago
    const numbers = names.map((n) => n.slice(0, 4));
    expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual(['0003']);
  });

  it('import nothing but kysely, so editing the application never changes an old step', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(imports.length, file).toBeGreaterThan(0);
      for (const source of imports) expect(['kysely', 'kysely/migration'], `${file} imports ${source}`).toContain(source);
    }
  });

  it('build on SQLite the schema the code before the freeze built, and open a database it migrated', async () => {
    const file = join(tmpdir(), `twotier-migrations-${randomBytes(6).toString('hex')}.db`);
    try {
      const k = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      const result = await new Migrator({ db: k, provider: { getMigrations: async () => upTo0021() } }).migrateToLatest();
      expect(result.error).toBeUndefined();
      expect(withoutMigrationTables(await catalogue(k, 'sqlite'))).toEqual(snapshot('sqlite'));
      await k.destroy();
      // the server opens it and runs only the steps after 0021
      const db = await openDatabase({ url: file });
      const recorded = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely)).rows.map((r) => r.name);
      expect(recorded).toEqual(Object.keys(migrations));
      await db.close();
    } finally {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  });

  it.skipIf(!pgReachable)('build on PostgreSQL the schema the code before the freeze built, and open a database it migrated', async () => {
    const schema = `twotier_migrations_${randomBytes(5).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`create schema ${schema}`);
    const k = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    try {
      const result = await new Migrator({ db: k, provider: { getMigrations: async () => upTo0021() }, migrationTableSchema: schema }).migrateToLatest();
      expect(result.error).toBeUndefined();
      // the trigram indexes exist only where pg_trgm could be installed (0015)
      const trgm = (await sql`select 1 from pg_extension where extname = 'pg_trgm'`.execute(k)).rows.length > 0;
      const expected = snapshot('postgres').filter((l) => trgm || !l.includes('_trgm_ix'));
      expect(withoutMigrationTables(await catalogue(k, 'postgres', schema))).toEqual(expected);
      const db = await openDatabase({ url: PG_URL, pgSchema: schema });
      const recorded = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely)).rows.map((r) => r.name);
      expect(recorded).toEqual(Object.keys(migrations));
      await db.close();
    } finally {
      await k.schema.dropSchema(schema).ifExists().cascade().execute();
      await k.destroy();
    }
  });
});
