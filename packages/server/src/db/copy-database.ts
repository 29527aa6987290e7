import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from './open-database';

/** Options of {@link copyDatabase}. */
export interface CopyDatabaseOptions {
  /** The SQLite file to copy from (it is migrated to this version first, as `twotier serve` would). */
  from: string;
  /** `postgres://…`: an empty database (or the schema named by `?options=-c search_path=…`). */
  to: string;
  /** Rows per INSERT (default 5,000). */
  batchRows?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** What {@link copyDatabase} copied and checked. */
export interface CopyReport {
  tables: { name: string; rows: number }[];
  rows: number;
  /** Per-distributor sums compared on both sides (ledger per currency and bucket, commissions per currency and status). */
  balancesChecked: number;
  distributors: number;
  ms: number;
}

/** The copy cannot start or did not verify; nothing in the target should be used. */
export class CopyError extends Error {
  override name = 'CopyError';
}

/** Kysely's own bookkeeping: created on the target by migrating, never copied. */
const isMigrationTable = (name: string): boolean => name === 'kysely_migration' || name === 'kysely_migration_lock';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

interface PgColumn {
  name: string;
  type: string;
}

/**
 * Copies every table of a SQLite database into an empty PostgreSQL database:
 * the target is migrated by the server's own migrations, then the rows are
 * copied table by table in dependency order (foreign keys first, `shops`
 * before the rest), in batches of multi-row inserts, inside one transaction
 * (secondary indexes dropped during the load and built once after it);
 * then row counts and every distributor's balance are compared on both sides.
 *
 * The table list is read from the live schemas (`sqlite_master`,
 * `information_schema`), so a table added by a later migration is copied
 * without a change here; a table or column present on one side only stops
 * the copy before any row is written. SQLite-only tables (the FTS5 search
 * index and its shadow tables) are left out: PostgreSQL searches its own way.
 *
 * @example
 * await copyDatabase({ from: './twotier.db', to: 'postgres://twotier@db/twotier', log: console.log });
 */
export async function copyDatabase(options: CopyDatabaseOptions): Promise<CopyReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const batchRows = options.batchRows ?? 5_000;
  if (!/^postgres(ql)?:\/\//.test(options.to)) throw new CopyError(`--to must be a postgres://… URL, got ${options.to}`);
  if (/^postgres(ql)?:\/\//.test(options.from)) throw new CopyError('--from must be a SQLite file');

  // both sides at this version's schema: the source as `twotier serve` would open it, the target created by migrating
  const source = await openDatabase({ url: options.from });
  await source.close();
  const target = new pg.Client({ connectionString: options.to });
  await target.connect();
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    await refuseNonEmpty(target);
    log('migrating the PostgreSQL database…');
    const migrated = await openDatabase({ url: options.to, poolSize: 1 });
    await migrated.close();

    sqlite = new BetterSqlite3(options.from.replace(/^sqlite:(\/\/)?/, ''), { readonly: true, fileMustExist: true });
    sqlite.defaultSafeIntegers(true);
    const sqliteTables = listSqliteTables(sqlite);
    const pgTables = await listPgTables(target);
    const onlySqlite = [...sqliteTables.keys()].filter((t) => !pgTables.has(t));
    const onlyPg = [...pgTables.keys()].filter((t) => !sqliteTables.has(t));
    if (onlySqlite.length || onlyPg.length) {
      throw new CopyError(
        `the two schemas differ: ${onlySqlite.length ? `only in SQLite: ${onlySqlite.join(', ')}` : ''}${onlySqlite.length && onlyPg.length ? '; ' : ''}${onlyPg.length ? `only in PostgreSQL: ${onlyPg.join(', ')}` : ''}`,
      );
    }
    for (const [table, columns] of pgTables) {
      const sqliteColumns = sqliteTables.get(table)!;
      const missing = columns.filter((c) => !sqliteColumns.includes(c.name)).map((c) => c.name);
      const extra = sqliteColumns.filter((c) => !columns.some((p) => p.name === c));
      if (missing.length || extra.length) {
        throw new CopyError(`table ${table} differs: ${[...missing.map((c) => `${c} only in PostgreSQL`), ...extra.map((c) => `${c} only in SQLite`)].join(', ')}`);
      }
    }
    const order = await dependencyOrder(target, [...pgTables.keys()]);

    // one snapshot of the source; one transaction on the target, so a failed copy leaves it empty
    sqlite.exec('begin');
    await target.query('begin');
    // secondary indexes are built once after the load rather than grown row by row (a rollback restores them)
    const { rows: secondary } = await target.query<{ name: string; definition: string }>(
      `select i.relname as name, pg_get_indexdef(i.oid) as definition
         from pg_index x
         join pg_class i on i.oid = x.indexrelid
         join pg_class t on t.oid = x.indrelid
        where t.relnamespace = current_schema()::regnamespace and not x.indisunique and not x.indisprimary
          and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
    );
    for (const index of secondary) await target.query(`drop index ${quote(index.name)}`);
    const tables: CopyReport['tables'] = [];
    let total = 0;
    for (const table of order) {
      const columns = pgTables.get(table)!;
      const expected = Number((sqlite.prepare(`select count(*) as n from ${quote(table)}`).get() as { n: bigint }).n);
      const insert = `insert into ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) select ${columns.map((c) => quote(c.name)).join(', ')} from json_populate_recordset(null::${quote(table)}, $1)`;
      let batch: Record<string, unknown>[] = [];
      let copied = 0;
      let lastLog = Date.now();
      // one insert in flight while the next batch is read: SQLite's reading and PostgreSQL's writing overlap
      let inFlight: Promise<unknown> = Promise.resolve();
      const flush = async () => {
        if (batch.length === 0) return;
        const payload = JSON.stringify(batch, jsonValue);
        const rows = batch.length;
        batch = [];
        await inFlight;
        inFlight = target.query(insert, [payload]);
        // a failed insert is seen by the next flush's await (or the last one below), never left unhandled
        inFlight.catch(() => undefined);
        copied += rows;
        if (Date.now() - lastLog > 2_000) {
          log(`  ${table}: ${copied.toLocaleString('en')} / ${expected.toLocaleString('en')}`);
          lastLog = Date.now();
        }
      };
      const select = sqlite.prepare(`select ${columns.map((c) => quote(c.name)).join(', ')} from ${quote(table)}`);
      try {
        for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
          batch.push(convertRow(row, columns));
          if (batch.length >= batchRows) await flush();
        }
        await flush();
        await inFlight;
      } catch (error) {
        // e.g. a NUL character in a text, which SQLite keeps and PostgreSQL refuses
        throw new CopyError(`copying ${table} failed, nothing was written: ${error instanceof Error ? error.message : String(error)}`);
      }
      log(`${table}: ${copied.toLocaleString('en')} rows`);
      tables.push({ name: table, rows: copied });
      total += copied;
    }
    if (secondary.length) log(`building ${secondary.length} indexes…`);
    await target.query(`set local maintenance_work_mem = '256MB'`);
    for (const index of secondary) await target.query(index.definition);
    await target.query('commit');
    sqlite.exec('commit');
    await target.query('analyze');

    log('verifying row counts and balances…');
    for (const { name, rows } of tables) {
      const { rows: r } = await target.query<{ n: string }>(`select count(*)::text as n from ${quote(name)}`);
      const inPg = Number(r[0]!.n);
      if (inPg !== rows) throw new CopyError(`table ${name}: ${rows} rows in SQLite, ${inPg} in PostgreSQL`);
    }
    const balancesChecked = await compareBalances(sqlite, target);
    const distributors = tables.find((t) => t.name === 'distributors')?.rows ?? 0;
    return { tables, rows: total, balancesChecked, distributors, ms: Date.now() - started };
  } catch (error) {
    await target.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    sqlite?.close();
    await target.end().catch(() => undefined);
  }
}

/** What to print after a copy: the figures, then the next steps. */
export function formatCopyReport(report: CopyReport, to: string): string {
  const redacted = to.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return [
    `copied ${report.rows.toLocaleString('en')} rows in ${report.tables.length} tables in ${(report.ms / 1000).toFixed(1)} s`,
    `verified: row counts of every table, and ${report.balancesChecked.toLocaleString('en')} balances of ${report.distributors.toLocaleString('en')} distributors, equal on both sides`,
    '',
    'Next:',
    `  1. Keep the SQLite file as it is (it is your way back), and keep the server stopped until step 2.`,
    `  2. Start the server on PostgreSQL: DATABASE_URL='${redacted}' twotier serve`,
    '  3. Sign in to the dashboard and check a few distributors and the last orders.',
    '  4. Back up PostgreSQL from now on (pg_dump or your provider\'s backups); the SQLite file no longer changes.',
    '',
  ].join('\n');
}

async function refuseNonEmpty(target: pg.Client): Promise<void> {
  const { rows } = await target.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  const full: string[] = [];
  for (const { table_name } of rows) {
    if (isMigrationTable(table_name)) continue;
    const r = await target.query(`select 1 from ${quote(table_name)} limit 1`);
    if (r.rowCount) full.push(table_name);
  }
  if (full.length) {
    throw new CopyError(`the PostgreSQL database is not empty (rows in ${full.join(', ')}): copy into a new, empty database`);
  }
}

/** SQLite's tables and their columns, without its own tables, kysely's, and virtual tables with their shadow tables. */
function listSqliteTables(sqlite: BetterSqlite3.Database): Map<string, string[]> {
  const all = sqlite.prepare(`select name, sql from sqlite_master where type = 'table'`).all() as { name: string; sql: string | null }[];
  const virtual = all.filter((t) => /^create\s+virtual\s+table/i.test(t.sql ?? '')).map((t) => t.name);
  const tables = new Map<string, string[]>();
  for (const { name } of all) {
    if (name.startsWith('sqlite_') || isMigrationTable(name)) continue;
    if (virtual.some((v) => name === v || name.startsWith(`${v}_`))) continue;
    const columns = (sqlite.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[]).map((c) => c.name);
    tables.set(name, columns);
  }
  return tables;
}

async function listPgTables(target: pg.Client): Promise<Map<string, PgColumn[]>> {
  const { rows } = await target.query<{ table_name: string; column_name: string; data_type: string }>(
    `select c.table_name, c.column_name, c.data_type
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const r of rows) {
    if (isMigrationTable(r.table_name)) continue;
    const columns = tables.get(r.table_name) ?? [];
    columns.push({ name: r.column_name, type: r.data_type });
    tables.set(r.table_name, columns);
  }
  return tables;
}

/** Tables ordered so every foreign key's target comes first; otherwise `shops` first, then by name. */
async function dependencyOrder(target: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await target.query<{ child: string; parent: string }>(
    `select cl.relname as child, pcl.relname as parent
       from pg_constraint c
       join pg_class cl on cl.oid = c.conrelid
       join pg_class pcl on pcl.oid = c.confrelid
      where c.contype = 'f' and cl.relnamespace = current_schema()::regnamespace`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of rows) if (child !== parent) parents.get(child)?.add(parent);
  const sorted = [...tables].sort((a, b) => (a === 'shops' ? -1 : b === 'shops' ? 1 : a.localeCompare(b)));
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < sorted.length) {
    const next = sorted.find((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p) || !parents.has(p)));
    if (!next) throw new CopyError(`the foreign keys of ${sorted.filter((t) => !done.has(t)).join(', ')} form a cycle`);
    order.push(next);
    done.add(next);
  }
  return order;
}

/** SQLite's integer booleans and JSON text become PostgreSQL's types; everything else is read by PostgreSQL's own input functions. */
function convertRow(row: Record<string, unknown>, columns: PgColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type } of columns) {
    const value = row[name];
    if (value === null || value === undefined) out[name] = null;
    else if (type === 'boolean') out[name] = typeof value === 'bigint' ? value !== 0n : typeof value === 'string' ? value === '1' || value === 'true' : Boolean(value);
    else if ((type === 'json' || type === 'jsonb') && typeof value === 'string') out[name] = JSON.parse(value);
    else out[name] = value;
  }
  return out;
}

/** JSON.stringify replacer: integers beyond 2^53 as exact text, blobs as bytea hex. */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `\\x${Buffer.from((value as { data: number[] }).data).toString('hex')}`;
  }
  return value;
}

/**
 * Compares every distributor's balance on both sides: the sums of its ledger per currency and bucket (what
 * withdrawals are checked against), and of its commissions per currency and status (what the dashboard shows);
 * returns how many sums were compared.
 */
async function compareBalances(sqlite: BetterSqlite3.Database, target: pg.Client): Promise<number> {
  const sums = [
    { what: 'ledger', query: `select shop_id, distributor_id, currency, bucket as part, sum(amount) as total from ledger_entries group by shop_id, distributor_id, currency, bucket` },
    { what: 'commissions', query: `select shop_id, distributor_id, currency, status as part, sum(amount - reversed) as total from commissions group by shop_id, distributor_id, currency, status` },
  ];
  type Sum = { shop_id: string; distributor_id: string; currency: string; part: string; total: bigint | string };
  const key = (r: Sum) => `${r.shop_id}\u0000${r.distributor_id}\u0000${r.currency}\u0000${r.part}`;
  let compared = 0;
  for (const { what, query } of sums) {
    const left = new Map<string, string>();
    for (const r of sqlite.prepare(query).iterate() as Iterable<Sum>) left.set(key(r), String(r.total));
    const { rows } = await target.query<Sum>(query.replace(/sum\((.*?)\) as total/, 'sum($1)::text as total'));
    if (rows.length !== left.size) throw new CopyError(`${what} balances: ${left.size} in SQLite, ${rows.length} in PostgreSQL`);
    for (const r of rows) {
      const expected = left.get(key(r));
      if (expected !== r.total) {
        throw new CopyError(`${what} balance of distributor ${r.distributor_id} (shop ${r.shop_id}, ${r.currency} ${r.part}): ${expected ?? 'none'} in SQLite, ${r.total} in PostgreSQL`);
      }
    }
    compared += rows.length;
  }
  return compared;
}
