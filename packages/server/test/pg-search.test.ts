import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { searchCondition } from '../src/read-models/distributor-search';
import { createShop } from '../src/services/shops';
import { PG_URL, postgresFactory, postgresReachable } from './harness';

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: PostgreSQL search test SKIPPED !!!\n`);

describe.skipIf(!reachable && !process.env.CI)('distributor search on PostgreSQL', () => {
  test('finds name and email matches through the trigram indexes (pg_trgm), with the same answers', async () => {
    const factory = postgresFactory();
    const db = await factory.open();
    try {
      // PostgreSQL ships pg_trgm; in CI the tests' user may install it, elsewhere it may be missing or not allowed
      const installed = await sql`select 1 from pg_extension where extname = 'pg_trgm'`.execute(db.kysely);
      if (process.env.CI) expect(installed.rows).toHaveLength(1);
      else if (installed.rows.length === 0) console.warn('\n!!! pg_trgm could not be installed on this PostgreSQL: trigram index check SKIPPED !!!\n');
      const shop = await createShop(db, { name: 'Search', currency: 'CNY', allowedOrigins: [] }, 0);
      // enough distributors that reading them all costs more than the indexes
      await sql`insert into distributors (shop_id, id, code, name, email, status, created_at)
        select ${shop.id}, 'dst_pgsearch' || i, 'C' || i, 'Seller ' || i || ' 茶', 'S' || i || '@Example.com', 'active', i from generate_series(1, 100000) i`.execute(db.kysely);
      await sql`analyze distributors`.execute(db.kysely);
      const query = (q: string) =>
        db.kysely
          .selectFrom('distributors')
          .select('id')
          .where('shop_id', '=', shop.id)
          .where(searchCondition(db.kysely, shop.id, q, { id: 'id', code: 'code', name: 'name', email: 'email' }))
          .orderBy('id');
      expect((await query('seller 12345').execute()).map((r) => r.id)).toEqual(['dst_pgsearch12345']);
      expect((await query('s19999@example').execute()).map((r) => r.id)).toEqual(['dst_pgsearch19999']);
      expect((await query('C3').execute()).map((r) => r.id)).toEqual(['dst_pgsearch3']);
      expect(await query('seller 1999').execute()).toHaveLength(11);
      // with 100,000 distributors the planner reads both trigram indexes, not the shop's rows
      if (installed.rows.length === 0) return;
      const compiled = query('seller 12345').compile();
      const { rows } = await db.kysely.executeQuery<{ 'QUERY PLAN': string }>({ ...compiled, sql: `explain ${compiled.sql}` });
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('distributors_name_trgm_ix');
      expect(plan).toContain('distributors_email_trgm_ix');
    } finally {
      await db.close();
      await factory.cleanup();
    }
  });
});
