import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db, Executor } from './open-database';
import type { Database } from './schema';

/**
 * Opens a PostgreSQL read replica (`DATABASE_READ_URL`) for the reads that may
 * lag: the dashboard's read-only reports and `GET /v1/stats`. It is never
 * migrated and never written; the primary's migrations arrive by replication.
 */
export function openReadReplica(url: string, options: { pgSchema?: string; poolSize?: number; types: unknown }): Kysely<Database> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_READ_URL must be a postgres://… URL of a replica of DATABASE_URL');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: options.types as never,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  // a replica restarting or promoted must not crash the process: its queries fail, the pool opens fresh connections
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Where a report that may lag reads: the replica when `DATABASE_READ_URL` is
 * set, the primary otherwise. Never use it for what must see its own writes
 * (a balance before a withdrawal, an idempotent replay, a page reloaded after
 * an edit): those read `db.kysely` or their transaction.
 */
export const reportReader = (db: Db): Executor => db.reads ?? db.kysely;
