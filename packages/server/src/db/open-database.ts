import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type Transaction } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import { hotStatements } from './hot-statements';
import { migrations } from './migrations';
import { openReadReplica } from './read-replica';
import { retryDeadlocks } from './retry-deadlock';
import { walSync } from './wal-sync';
import type { Database } from './schema';

/** A transaction, or the database itself outside one. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** The open database: a kysely instance and the few things that differ by dialect. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Where the data lives, for logs (passwords removed). */
  description: string;
  /**
   * Runs `fn` in a write transaction and resolves once it is committed and
   * durable. SQLite: `BEGIN IMMEDIATE`, so the write lock is taken up front
   * (waiting up to busy_timeout) and another process can never invalidate our
   * snapshot mid-transaction; with `synchronous = FULL` the WAL is synced off
   * the event loop after COMMIT (db/wal-sync.ts). PostgreSQL: READ COMMITTED,
   * with row locks taken by the callers where they matter.
   */
  writeTx<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /**
   * {@link Db.writeTx}, resolved once committed, with `durable` resolving
   * once the commit is on disk (SQLite with `synchronous = FULL`: the WAL's
   * sync after COMMIT; elsewhere at once, PostgreSQL's COMMIT being durable
   * already). A group-commit writer starts its next batch during the sync and
   * answers a batch's callers only once its `durable` has resolved: a later
   * commit's sync puts every earlier frame on disk too.
   */
  writeTxCommitted<T>(fn: (tx: Executor) => Promise<T>): Promise<{ result: T; durable: Promise<void> }>;
  /**
   * Runs one statement on its own (its own transaction) that a hot path
   * sends again and again with new values: on PostgreSQL prepared once per
   * connection once its text is frequent (db/hot-statements.ts); on SQLite
   * as kysely runs any query (its statements are kept prepared already).
   */
  executeHot(query: CompiledQuery): Promise<{ rows: unknown[] }>;
  /** `FOR UPDATE` in PostgreSQL; SQLite's single writer already serializes. */
  forUpdate: boolean;
  /** PostgreSQL read replica (`DATABASE_READ_URL`) for reports that may lag; read through `reportReader` (db/read-replica.ts). */
  reads?: Kysely<Database>;
  close(): Promise<void>;
}

/** Where to open: `postgres://…` or a SQLite file path (`:memory:` for tests). */
export interface OpenDatabaseOptions {
  url: string;
  /** PostgreSQL schema to use (created when missing); tests use a fresh one per run. */
  pgSchema?: string;
  poolSize?: number;
  /**
   * SQLite durability: `full` (default) fsyncs every commit, so an answered
   * request survives power loss; `normal` survives a process crash or
   * kill -9 but may lose the last commits on power loss, for far more
   * commits per second on slow disks. The database is never corrupted either way.
   */
  sqliteSynchronous?: 'full' | 'normal';
  /** `DATABASE_READ_URL`: a streaming replica of `url` for the reports that may lag (PostgreSQL only). */
  readUrl?: string;
}

/** WAL pages (4 KB each) after which a commit folds the WAL back into the database file. */
const WAL_CHECKPOINT_PAGES = 10_000;

/** Parses a PostgreSQL bigint/numeric to a Number, refusing anything a Number cannot hold exactly. */
export const parseBigint = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer out of the safe range: ${value}`);
  return n;
};

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // 20 = int8, 1700 = numeric (SUM of bigint)
    if (oid === 20 || oid === 1700) return (v: string) => parseBigint(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * Opens the database and applies pending migrations (only additive ones).
 *
 * SQLite runs in WAL mode with `synchronous = FULL`: every acknowledged write
 * (an order, a click answered 2xx) survives power loss, not only a process
 * crash. Group commit batches clicks and orders, so the fsync per commit
 * stays cheap, and it runs off the event loop (db/wal-sync.ts).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const isPg = /^postgres(ql)?:\/\//.test(options.url);
  let db: Db;
  if (isPg) {
    const schema = options.pgSchema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: pgTypes as never,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // a connection dropped by a restarting server (idle or checked out) must not crash the
    // process: its query fails, the pool discards it and opens fresh ones
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    if (schema) await pool.query(`create schema if not exists ${schema}`);
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const reads = options.readUrl ? openReadReplica(options.readUrl, { types: pgTypes, ...(schema ? { pgSchema: schema } : {}), ...(options.poolSize ? { poolSize: options.poolSize } : {}) }) : undefined;
    db = {
      kysely,
      dialect: 'postgres',
      description: `PostgreSQL ${redact(options.url)}${schema ? ` (schema ${schema})` : ''}${options.readUrl ? `, reports from ${redact(options.readUrl)}` : ''}`,
      forUpdate: true,
      executeHot: hotStatements(pool),
      ...(reads ? { reads } : {}),
      writeTx: (fn) => retryDeadlocks(() => kysely.transaction().execute(fn)),
      writeTxCommitted: async (fn) => ({ result: await retryDeadlocks(() => kysely.transaction().execute(fn)), durable: Promise.resolve() }),
      close: async () => {
        await kysely.destroy();
        await reads?.destroy();
      },
    };
  } else {
    if (options.readUrl) throw new Error('DATABASE_READ_URL needs DATABASE_URL=postgres://…: SQLite has no replicas');
    const file = options.url.replace(/^sqlite:(\/\/)?/, '');
    const database = new BetterSqlite3(file);
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.sqliteSynchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    // fold the WAL into the file every ~40 MB rather than SQLite's 4 MB: a page rewritten by many commits
    // (the last leaf of every index that grows in time order) is copied once per checkpoint, not ten
    // times; measured ≈ 9% more clicks and ≈ 5% more orders per second. Much larger is slower again:
    // every page read searches the WAL's index, which grows with it.
    database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    // a statement that changes several rows keeps the pages it changes in a statement journal (so a failing row
    // can undo it alone), which SQLite spills to a temporary file past 64 KiB, as a 25-row insert into an indexed
    // table does: in memory, inserting a click batch's touches took 3.6 µs a touch instead of 5.9 (touches with
    // the ids and visitors of real traffic, alternating, 5,000 batches each). Temporary tables and sorts stay in memory too.
    database.pragma('temp_store = MEMORY');
    cacheStatements(database);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    const synchronous = options.sqliteSynchronous ?? 'full';
    // a file with FULL durability: each commit's fsync runs on the thread pool (db/wal-sync.ts)
    const offloaded = synchronous === 'full' && file !== ':memory:' && !file.startsWith('file:') ? walSync(file) : null;
    const durably = async <T>(fn: () => T | Promise<T>): Promise<{ result: T; synced: Promise<void> }> =>
      offloaded ? offloaded.commit(database, fn) : { result: await fn(), synced: Promise.resolve() };
    const writeTxCommitted = async <T>(fn: (tx: Executor) => Promise<T>): Promise<{ result: T; durable: Promise<void> }> => {
      const { result, synced } = await kysely.connection().execute((conn) =>
        durably(async () => {
          await sql`begin immediate`.execute(conn);
          try {
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (error) {
            await sql`rollback`.execute(conn).catch(() => undefined);
            throw error;
          }
        }),
      );
      // a failed sync is the caller's to answer; until then it must not be an unhandled rejection
      synced.catch(() => undefined);
      return { result, durable: synced };
    };
    db = {
      kysely,
      dialect: 'sqlite',
      description: `SQLite ${file} (synchronous ${synchronous === 'normal' ? 'NORMAL' : 'FULL'})`,
      forUpdate: false,
      executeHot: (query) => kysely.executeQuery(query),
      writeTx: async (fn) => {
        const { result, durable } = await writeTxCommitted(fn);
        await durable;
        return result;
      },
      writeTxCommitted,
      close: async () => {
        await kysely.destroy();
        await offloaded?.close();
      },
    };
  }
  await migrate(db);
  return db;
}

async function migrate(db: Db): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  // kysely looks for its migration tables in every schema unless told which one: name ours
  let migrationTableSchema: string | undefined;
  if (db.dialect === 'postgres') {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db.kysely);
    migrationTableSchema = rows[0]?.schema ?? 'public';
  }
  const migrator = new Migrator({ db: db.kysely, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/**
 * Reuses prepared statements by SQL text (kysely prepares one per query).
 * Safe because better-sqlite3 runs each statement to completion synchronously.
 */
function cacheStatements(database: BetterSqlite3.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, BetterSqlite3.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= 500) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

