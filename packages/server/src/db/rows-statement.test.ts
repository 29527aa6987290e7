import fc from 'fast-check';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, test } from 'vitest';
import { postgresFactory, postgresReachable, sqliteFactory } from '../../test/harness';
import type { Database } from './schema';
import { rowsStatement } from './rows-statement';

const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);

// compilers only: nothing is run on these
const dialects = {
  sqlite: new Kysely<Database>({
    dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
  }),
  postgres: new Kysely<Database>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  }),
};

type Touch = { shop_id: string; event_id: string; code: string; visitor_id: string; url: string; referrer: string | null; at: number };

const build = (qb: Kysely<Database>, rows: Touch[]) =>
  qb
    .insertInto('touches')
    .values(rows)
    .onConflict((oc) => oc.columns(['shop_id', 'event_id']).doUpdateSet((eb) => ({ at: eb('touches.at', '+', 1) })))
    .returning(['shop_id', 'event_id']);

const touch = fc.record({
  shop_id: fc.string(),
  event_id: fc.string(),
  code: fc.constantFrom('alice', 'bob', ''),
  visitor_id: fc.string(),
  url: fc.string(),
  referrer: fc.option(fc.string(), { nil: null }),
  at: fc.integer(),
});

describe('rowsStatement', () => {
  for (const [name, qb] of Object.entries(dialects)) {
    test(`${name}: the same SQL and parameters as the builder, whatever the rows and however often a row count comes back`, () => {
      const statement = rowsStatement(build);
      fc.assert(
        fc.property(fc.array(fc.array(touch, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (batches) => {
          for (const rows of batches) {
            const expected = build(qb, rows).compile();
            const got = statement(qb, rows);
            expect(got.sql).toBe(expected.sql);
            expect(got.parameters).toEqual(expected.parameters);
          }
        }),
      );
    });
  }

  test('the constants a builder adds stay in their place among the rows’ values', () => {
    const withConstant = (qb: Kysely<Database>, rows: { shop_id: string; day: string; code: string; clicks: number }[]) =>
      qb
        .insertInto('daily_clicks')
        .values(rows)
        .onConflict((oc) => oc.columns(['shop_id', 'day', 'code']).doUpdateSet((eb) => ({ clicks: eb('daily_clicks.clicks', '+', 7) })));
    const statement = rowsStatement(withConstant);
    const rows = [
      { shop_id: 's', day: '2026-01-01', code: 'a', clicks: 2 },
      { shop_id: 's', day: '2026-01-01', code: 'b', clicks: 3 },
    ];
    for (const qb of Object.values(dialects)) expect(statement(qb, rows).parameters).toEqual(withConstant(qb, rows).compile().parameters);
  });

  test('no rows is an error, not a malformed statement', () => {
    expect(() => rowsStatement(build)(dialects.sqlite, [])).toThrow(RangeError);
  });

  test('rows whose columns differ from the first are refused, not written without their extra columns', () => {
    const statement = rowsStatement(build);
    const row: Touch = { shop_id: 's', event_id: 'e', code: 'alice', visitor_id: 'v', url: 'u', referrer: null, at: 1 };
    const { referrer: _referrer, ...less } = row;
    expect(() => statement(dialects.sqlite, [row, less as Touch])).toThrow(TypeError);
    expect(() => statement(dialects.sqlite, [row, { ...row, extra: 1 } as Touch])).toThrow(TypeError);
    expect(() => statement(dialects.sqlite, [row, { ...row, referrer: undefined } as unknown as Touch])).toThrow(TypeError);
  });

  for (const factory of [sqliteFactory(), ...(pgReachable ? [postgresFactory()] : [])]) {
    test(`${factory.name}: runs, and returns what the database returns`, async () => {
      const db = await factory.open();
      try {
        const statement = rowsStatement((qb, rows: Touch[]) => qb.insertInto('touches').values(rows).onConflict((oc) => oc.columns(['shop_id', 'event_id']).doNothing()).returning(['event_id']));
        const row = (id: string, referrer: string | null): Touch => ({ shop_id: 'shop_a', event_id: id, code: 'alice', visitor_id: 'v', url: 'https://shop.example/', referrer, at: 1 });
        const first = await db.kysely.executeQuery(statement(db.kysely, [row('e1', null), row('e2', 'https://ref.example/')]));
        expect(first.rows.map((r) => r.event_id).sort()).toEqual(['e1', 'e2']);
        const again = await db.kysely.executeQuery(statement(db.kysely, [row('e2', null), row('e3', null)]));
        expect(again.rows).toEqual([{ event_id: 'e3' }]);
        const stored = await db.kysely.selectFrom('touches').select(['event_id', 'referrer']).where('shop_id', '=', 'shop_a').orderBy('event_id').execute();
        expect(stored).toEqual([
          { event_id: 'e1', referrer: null },
          { event_id: 'e2', referrer: 'https://ref.example/' },
          { event_id: 'e3', referrer: null },
        ]);
      } finally {
        await db.close();
        await factory.cleanup();
      }
    });
  }
});
