import type pg from 'pg';

/** One finding of {@link shardingProblems}. */
export interface ShardingProblem {
  table: string;
  problem: string;
}

/**
 * Reads the live PostgreSQL catalogue of `schema` and lists what would stop
 * distributing the tables by `shop_id` (Citus): a table without the column,
 * or a primary key, unique constraint or unique index that leaves it out.
 */
export async function shardingProblems(client: pg.Client, schema: string, exceptions: ReadonlySet<string>): Promise<ShardingProblem[]> {
  const problems: ShardingProblem[] = [];
  const tables = await client.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
    [schema],
  );
  const withShop = await client.query<{ table_name: string }>(
    `select table_name from information_schema.columns where table_schema = $1 and column_name = 'shop_id'`,
    [schema],
  );
  const hasShop = new Set(withShop.rows.map((r) => r.table_name));
  for (const { table_name } of tables.rows) {
    if (exceptions.has(table_name)) continue;
    if (!hasShop.has(table_name)) problems.push({ table: table_name, problem: 'no shop_id column' });
  }
  // every unique index: primary keys and unique constraints are backed by one
  const uniques = await client.query<{ table_name: string; index_name: string; is_primary: boolean; columns: string[] | null }>(
    `select t.relname as table_name, i.relname as index_name, x.indisprimary as is_primary,
            array(select a.attname::text from unnest(x.indkey) k join pg_attribute a on a.attrelid = t.oid and a.attnum = k)::text[] as columns
       from pg_index x
       join pg_class t on t.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = $1 and x.indisunique
      order by 1, 2`,
    [schema],
  );
  for (const u of uniques.rows) {
    if (exceptions.has(u.table_name)) continue;
    if (!(u.columns ?? []).includes('shop_id')) {
      problems.push({ table: u.table_name, problem: `${u.is_primary ? 'primary key' : 'unique index'} ${u.index_name} (${(u.columns ?? []).join(', ')}) lacks shop_id` });
    }
  }
  return problems;
}
