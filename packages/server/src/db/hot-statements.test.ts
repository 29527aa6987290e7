import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { PG_URL, postgresReachable } from '../../test/harness';
import { hotStatements } from './hot-statements';

const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);

describe.runIf(pgReachable)('hotStatements', () => {
  // one connection, so the prepared statements seen are the ones it made
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
  afterAll(() => pool.end());
  const prepared = async () => (await pool.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements')).rows;

  test('a text is sent unnamed until its third use, then prepared once and reused with new values', async () => {
    const run = hotStatements(pool);
    const query = (n: number) => CompiledQuery.raw('select $1::int * 2 as doubled', [n]);
    expect(await run(query(1))).toEqual({ rows: [{ doubled: 2 }] });
    expect(await run(query(2))).toEqual({ rows: [{ doubled: 4 }] });
    expect(await prepared()).toEqual([]);
    for (let n = 3; n <= 6; n++) expect(await run(query(n))).toEqual({ rows: [{ doubled: n * 2 }] });
    expect(await prepared()).toEqual([{ name: expect.stringMatching(/^twotier_hot_\d+_0$/), statement: 'select $1::int * 2 as doubled' }]);
    // another text counts from the start
    await run(CompiledQuery.raw('select $1::text as t', ['x']));
    expect(await prepared()).toHaveLength(1);
  });

  test('a failing statement fails with PostgreSQL’s error, prepared or not', async () => {
    const run = hotStatements(pool);
    const bad = CompiledQuery.raw('select 1 / $1::int as x', [0]);
    for (let i = 0; i < 4; i++) await expect(run(bad)).rejects.toMatchObject({ code: '22012' });
  });

  test('two instances on one connection name their statements apart', async () => {
    const [a, b] = [hotStatements(pool), hotStatements(pool)];
    for (let i = 0; i < 4; i++) await a(CompiledQuery.raw('select $1::int - 1 as y', [i]));
    // with the same names, node-postgres refuses b's third use: another text under a name already prepared
    for (let i = 0; i < 4; i++) expect(await b(CompiledQuery.raw('select $1::int + 1 as x', [i]))).toEqual({ rows: [{ x: i + 1 }] });
  });
});
