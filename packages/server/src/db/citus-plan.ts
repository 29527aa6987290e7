import pg from 'pg';

/** One table's place in a Citus cluster. */
export interface CitusTable {
  name: string;
  /** `distributed` by `shop_id` (a shop's rows live on one worker), or a `reference` table copied to every worker. */
  kind: 'distributed' | 'reference';
  /** Estimated rows (pg_class.reltuples), for the operator's sense of what moves. */
  rows: number;
  /** Why a reference table is one. */
  reason?: string;
}

/** A constraint of the live schema that Citus would refuse, or that would stop shop rows living together. */
export interface CitusProblem {
  table: string;
  constraint: string;
  reason: string;
}

/** What {@link citusPlan} read and would run. */
export interface CitusPlan {
  tables: CitusTable[];
  statements: string[];
  problems: CitusProblem[];
}

/** The database holds no twotier schema to plan from. */
export class CitusPlanError extends Error {
  override name = 'CitusPlanError';
}

/** The distribution column: every shop table carries it, and every request reads and writes one shop's rows. */
export const DISTRIBUTION_COLUMN = 'shop_id';

/**
 * Shop tables that are reference tables by design: each row is found before
 * its shop is known, so their keys cannot include `shop_id`; they are small
 * and written rarely (a shop created, a dashboard sign-in).
 */
export const REFERENCE_BY_DESIGN: Readonly<Record<string, string>> = {
  shops: 'the tenants themselves; the publishable key is looked up before the shop is known',
  admin_sessions: "dashboard sign-ins, found by the cookie's token before the shop is known",
};

/**
 * Reads the live catalogue of a migrated PostgreSQL database (its current
 * schema) and plans its move to Citus: every table with a `shop_id` column
 * is distributed by it, all co-located with `distributors`, so one shop's
 * orders, commissions and ledger join and commit on one worker; `shops` and
 * every other table (kysely's migration tables included) become reference
 * tables, copied to every worker.
 *
 * It also checks what Citus requires of a distributed table: every primary
 * key, unique constraint and unique index includes `shop_id`, and every
 * foreign key between distributed tables joins on `shop_id` (co-located);
 * a foreign key from a reference table to a distributed one is not allowed.
 * What fails is listed in `problems`; nothing is changed.
 *
 * @example
 * const plan = await citusPlan('postgres://twotier@db/twotier');
 * process.stdout.write(formatCitusPlan(plan));
 */
export async function citusPlan(url: string): Promise<CitusPlan> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tableRows } = await client.query<{ name: string; rows: string; has_shop_id: boolean }>(
      `select c.relname as name, greatest(c.reltuples, 0)::bigint::text as rows,
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = $1 and not a.attisdropped) as has_shop_id
         from pg_class c
        where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
        order by c.relname`,
      [DISTRIBUTION_COLUMN],
    );
    if (!tableRows.some((t) => t.name === 'distributors')) {
      const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema');
      throw new CitusPlanError(`no twotier tables in schema ${rows[0]?.schema ?? '(none)'}: point --db at the database the server uses (it migrates it on start)`);
    }
    const tables: CitusTable[] = tableRows.map((t) => {
      const byDesign = REFERENCE_BY_DESIGN[t.name];
      if (t.has_shop_id && !byDesign) return { name: t.name, kind: 'distributed', rows: Number(t.rows) };
      const reason = byDesign ?? (/^kysely_migration/.test(t.name) ? 'the migrations applied' : `no ${DISTRIBUTION_COLUMN} column: copied to every worker, and every write to it goes to all of them`);
      return { name: t.name, kind: 'reference', rows: Number(t.rows), reason };
    });
    const kindOf = new Map(tables.map((t) => [t.name, t.kind]));

    // unique indexes cover primary keys, unique constraints and plain unique indexes alike
    const { rows: uniques } = await client.query<{ table: string; name: string; columns: string[] | null; is_expression: boolean }>(
      `select t.relname as table, i.relname as name,
              array(select a.attname::text from unnest(x.indkey) with ordinality k(attnum, n)
                      join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n) as columns,
              0 = any (x.indkey::int2[]) as is_expression
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         join pg_class i on i.oid = x.indexrelid
        where x.indisunique and t.relnamespace = current_schema()::regnamespace
        order by t.relname, i.relname`,
    );
    const { rows: foreignKeys } = await client.query<{ table: string; name: string; columns: string[]; parent: string; parent_columns: string[] }>(
      `select t.relname as table, c.conname as name, p.relname as parent,
              array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n)
                      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns,
              array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, n)
                      join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n) as parent_columns
         from pg_constraint c
         join pg_class t on t.oid = c.conrelid
         join pg_class p on p.oid = c.confrelid
        where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace
        order by t.relname, c.conname`,
    );

    const problems: CitusProblem[] = [];
    for (const u of uniques) {
      if (kindOf.get(u.table) !== 'distributed') continue;
      if (!(u.columns ?? []).includes(DISTRIBUTION_COLUMN)) {
        problems.push({
          table: u.table,
          constraint: u.name,
          reason: `unique on (${(u.columns ?? []).join(', ')}${u.is_expression ? ', an expression' : ''}) without ${DISTRIBUTION_COLUMN}: Citus cannot enforce it across workers`,
        });
      }
    }
    for (const f of foreignKeys) {
      const child = kindOf.get(f.table);
      const parent = kindOf.get(f.parent);
      if (child === 'reference' && parent === 'distributed') {
        problems.push({ table: f.table, constraint: f.name, reason: `a reference table's foreign key to the distributed ${f.parent}` });
      } else if (child === 'distributed' && parent === 'distributed') {
        const i = f.columns.indexOf(DISTRIBUTION_COLUMN);
        if (i < 0 || f.parent_columns[i] !== DISTRIBUTION_COLUMN) {
          problems.push({ table: f.table, constraint: f.name, reason: `foreign key to ${f.parent} not joined on ${DISTRIBUTION_COLUMN}: not co-located` });
        }
      }
    }

    const anchor = tables.find((t) => t.name === 'distributors' && t.kind === 'distributed')?.name ?? tables.find((t) => t.kind === 'distributed')?.name;
    const statements = [
      'create extension if not exists citus;',
      // reference tables first: distributed tables' foreign keys may point at them
      ...tables.filter((t) => t.kind === 'reference').map((t) => `select create_reference_table('${t.name}');`),
      // the table the others co-locate with goes first
      ...tables
        .filter((t) => t.kind === 'distributed')
        .sort((a, b) => Number(b.name === anchor) - Number(a.name === anchor))
        .map((t) =>
          t.name === anchor
            ? `select create_distributed_table('${t.name}', '${DISTRIBUTION_COLUMN}');`
            : `select create_distributed_table('${t.name}', '${DISTRIBUTION_COLUMN}', colocate_with => '${anchor}');`,
        ),
    ];
    return { tables, statements, problems };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The plan as `twotier db citus` prints it: statements to run, then what stands in their way. */
export function formatCitusPlan(plan: CitusPlan): string {
  const distributed = plan.tables.filter((t) => t.kind === 'distributed');
  const reference = plan.tables.filter((t) => t.kind === 'reference');
  const lines = [
    `-- twotier on Citus: ${distributed.length} tables distributed by ${DISTRIBUTION_COLUMN} (co-located), ${reference.length} reference tables.`,
    `-- Run on the coordinator, on a database the server has migrated, before it takes traffic.`,
    `-- distributed: ${distributed.map((t) => t.name).join(', ')}`,
    `-- reference:`,
    ...reference.map((t) => `--   ${t.name}: ${t.reason}`),
    ...plan.statements,
  ];
  if (plan.problems.length === 0) {
    lines.push('-- checked against the live catalogue: every primary key and unique constraint includes shop_id; every foreign key is co-located.');
  } else {
    lines.push(`-- NOT READY: ${plan.problems.length} constraints of the live schema stand in the way; create_distributed_table will refuse them:`);
    for (const p of plan.problems) lines.push(`--   ${p.table}.${p.constraint}: ${p.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
