import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../src/db';
import { PG_URL, postgresReachable } from './harness';
import { shardingProblems } from './scale/catalogue';

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: catalogue test SKIPPED !!!\n`);

/**
 * Tables that do not grow with traffic and would be Citus reference tables
 * (copied to every node), each with why it may lack `shop_id` in a key.
 */
export const SHARDING_EXCEPTIONS = new Set([
  // the tenants themselves: one row per shop, `id` is the distribution value; the
  // publishable key is looked up before the shop is known, so it is unique on its own
  'shops',
  // dashboard sign-ins: one row per admin login (not per click, order or visitor), found by
  // the cookie's token before the shop is known; a reference table (or coordinator-local)
  // under Citus. Keying it by (shop_id, token_hash) needs the cookie to carry the shop id.
  'admin_sessions',
  // dashboard sign-in attempts, counted per email before any shop is known (an admin may
  // belong to several shops, and an unknown email is counted the same way): coordinator-local
  // under Citus, like admin_sessions; rows live one 15-minute window
  'admin_sign_in_attempts',
  // kysely's record of applied migrations: a handful of rows, written only at startup
  'kysely_migration',
  'kysely_migration_lock',
]);

describe.skipIf(!reachable && !process.env.CI)('schema ready for sharding by shop_id (live PostgreSQL catalogue)', () => {
  const schema = `twotier_test_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  afterAll(async () => {
    await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await client.end();
  });

  test('every table carries shop_id, and every primary key and unique constraint includes it', async () => {
    const db = await openDatabase({ url: PG_URL, pgSchema: schema, poolSize: 2 });
    await db.close();
    await client.connect();
    const tables = await client.query(`select count(*)::int as n from information_schema.tables where table_schema = $1`, [schema]);
    expect(tables.rows[0].n).toBeGreaterThan(10);
    expect(await shardingProblems(client, schema, SHARDING_EXCEPTIONS)).toEqual([]);
  });

  test('the check finds a table without shop_id and a unique key without it', async () => {
    const probe = `${schema}_probe`;
    await client.query(`create schema ${probe}`);
    try {
      await client.query(`create table ${probe}.good (shop_id text, id text, primary key (shop_id, id))`);
      await client.query(`create table ${probe}.no_shop (id text primary key)`);
      await client.query(`create table ${probe}.bad_key (shop_id text, id text primary key, code text unique)`);
      expect(await shardingProblems(client, probe, new Set())).toEqual([
        { table: 'no_shop', problem: 'no shop_id column' },
        { table: 'bad_key', problem: 'unique index bad_key_code_key (code) lacks shop_id' },
        { table: 'bad_key', problem: 'primary key bad_key_pkey (id) lacks shop_id' },
        { table: 'no_shop', problem: 'primary key no_shop_pkey (id) lacks shop_id' },
      ]);
    } finally {
      await client.query(`drop schema ${probe} cascade`);
    }
  });
});
