import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '../../../scripts/demo/seed';
import { openDatabase } from '../src/db';
import { copyDatabase, CopyError, formatCopyReport } from '../src/db/copy-database';
import { runDbCommand } from '../src/db/db-cli';
import { startServer } from '../src/node';
import { balanceOf } from '../src/services/ledger';
import { PG_URL, postgresReachable } from './harness';

const pgUp = await postgresReachable();
if (!pgUp) console.warn('db-copy.test: PostgreSQL at 127.0.0.1:5432 is not reachable, skipping');

/** A fresh schema in database `test`, as a URL the copy (and the server) can be given. */
async function freshSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `twotier_copy_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

describe.skipIf(!pgUp)('twotier db copy (SQLite → PostgreSQL)', () => {
  const file = join(tmpdir(), `twotier-copy-${randomBytes(6).toString('hex')}.db`);
  const schemas: { drop(): Promise<void> }[] = [];
  let distributorIds: { shopId: string; id: string }[] = [];

  beforeAll(async () => {
    // the demo's seeded database, made as `pnpm demo` makes it: through the HTTP API on a movable clock
    let offset: number | null = null;
    const server = await startServer({
      databaseUrl: file,
      port: 0,
      hostname: '127.0.0.1',
      operatorToken: 'copy-test-operator',
      webhookAllowPrivate: true,
      now: () => new Date(offset ?? Date.now()),
      logger: pino({ level: 'silent' }),
      handleSignals: false,
      settleEveryMs: 0,
    });
    try {
      await seedDemo({
        api: server.url,
        operatorToken: 'copy-test-operator',
        shopOrigins: ['http://localhost:3000'],
        clock: { set: (at) => void (offset = at) },
        admin: { email: 'owner@lanxi-tea.example', password: 'demo-admin-2026' },
      });
    } finally {
      await server.stop();
    }
    const sqlite = new BetterSqlite3(file, { readonly: true });
    distributorIds = sqlite.prepare('select shop_id as shopId, id from distributors').all() as typeof distributorIds;
    sqlite.close();
  }, 120_000);

  afterAll(async () => {
    for (const s of schemas) await s.drop();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  it('copies every table, verifies counts and balances, and the copy serves the same balances', async () => {
    const target = await freshSchema();
    schemas.push(target);
    const lines: string[] = [];
    const report = await copyDatabase({ from: file, to: target.url, batchRows: 7, log: (l) => lines.push(l) });

    // every table of the live SQLite schema, except kysely's and the SQLite-only search index
    const sqlite = new BetterSqlite3(file, { readonly: true });
    const names = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name not like 'distributor_search%'`).all() as { name: string }[]).map((r) => r.name);
    expect(report.tables.map((t) => t.name).sort()).toEqual(names.sort());
    for (const t of report.tables) {
      const n = (sqlite.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n;
      expect(t.rows, t.name).toBe(n);
    }
    sqlite.close();
    expect(report.tables[0]!.name).toBe('shops');
    expect(report.distributors).toBe(8);
    expect(report.tables.find((t) => t.name === 'ledger_entries')!.rows).toBeGreaterThan(0);
    expect(report.balancesChecked).toBeGreaterThan(8);
    expect(lines).toContain('verifying row counts and balances…');
    expect(formatCopyReport(report, target.url)).toMatch(/Next:[\s\S]*DATABASE_URL=/);

    // the indexes dropped for the load are all back: the same as a database the server migrated itself
    const reference = await freshSchema();
    schemas.push(reference);
    await (await openDatabase({ url: PG_URL, pgSchema: reference.schema })).close();
    const indexes = async (schema: string) => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      const { rows } = await client.query<{ d: string }>('select replace(indexdef, schemaname || \'.\', \'\') as d from pg_indexes where schemaname = $1 order by 1', [schema]);
      await client.end();
      return rows.map((r) => r.d);
    };
    const migratedIndexes = await indexes(reference.schema);
    expect(migratedIndexes.length).toBeGreaterThan(20);
    expect(await indexes(target.schema)).toEqual(migratedIndexes);

    // the server's own balance reading gives the same answer on both databases
    const fromDb = await openDatabase({ url: file });
    const toDb = await openDatabase({ url: PG_URL, pgSchema: target.schema });
    try {
      const shopRow = await fromDb.kysely.selectFrom('shops').select(['id', 'currency']).executeTakeFirstOrThrow();
      const shop = { id: shopRow.id, currency: shopRow.currency, currencies: [shopRow.currency] };
      for (const d of distributorIds) {
        expect(await balanceOf(toDb.kysely, shop, d.id)).toEqual(await balanceOf(fromDb.kysely, shop, d.id));
      }
      const secondCopy = copyDatabase({ from: file, to: target.url });
      await expect(secondCopy).rejects.toThrow(CopyError);
      await expect(secondCopy).rejects.toThrow(/not empty/);
    } finally {
      await fromDb.close();
      await toDb.close();
    }
  }, 60_000);

  it('refuses a table that exists on one side only, before writing a row', async () => {
    const other = join(tmpdir(), `twotier-copy-extra-${randomBytes(6).toString('hex')}.db`);
    const source = new BetterSqlite3(file, { readonly: true });
    await source.backup(other);
    source.close();
    const extra = new BetterSqlite3(other);
    extra.exec('create table notes_from_a_plugin (id text primary key)');
    extra.close();
    const target = await freshSchema();
    schemas.push(target);
    try {
      await expect(copyDatabase({ from: other, to: target.url })).rejects.toThrow(/only in SQLite: notes_from_a_plugin/);
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('select count(*)::text as n from shops');
      await client.end();
      expect(rows[0]!.n).toBe('0');
    } finally {
      for (const f of [other, `${other}-wal`, `${other}-shm`]) rmSync(f, { force: true });
    }
  }, 60_000);

  it('a row PostgreSQL refuses stops the copy, names the table, and leaves the target empty', async () => {
    const other = join(tmpdir(), `twotier-copy-nul-${randomBytes(6).toString('hex')}.db`);
    const source = new BetterSqlite3(file, { readonly: true });
    await source.backup(other);
    source.close();
    const nul = new BetterSqlite3(other);
    nul.prepare(`update distributors set name = ? where code = 'CHEN'`).run('Chen\u0000Yu');
    nul.close();
    const target = await freshSchema();
    schemas.push(target);
    try {
      await expect(copyDatabase({ from: other, to: target.url })).rejects.toThrow(/copying distributors failed, nothing was written/);
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('select (select count(*) from shops) + (select count(*) from commissions) as n');
      await client.end();
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      for (const f of [other, `${other}-wal`, `${other}-shm`]) rmSync(f, { force: true });
    }
  }, 60_000);

  it('as a command: prints progress and the next steps, exit 0; a second run is refused with exit 1', async () => {
    const target = await freshSchema();
    schemas.push(target);
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      expect(await runDbCommand(['copy', '--from', file, '--to', target.url, '--batch', '50'])).toBe(0);
      expect(out.join('')).toMatch(/^copied \d+ rows in \d+ tables/);
      expect(out.join('')).toContain(`DATABASE_URL='${target.url}' twotier serve`);
      expect(err.join('')).toContain('distributors: 8 rows');
      out.length = 0;
      err.length = 0;
      expect(await runDbCommand(['copy', '--from', file, '--to', target.url])).toBe(1);
      expect(err.join('')).toMatch(/twotier db copy: the PostgreSQL database is not empty/);
      expect(await runDbCommand(['copy', '--from', file])).toBe(2);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }, 60_000);
});
