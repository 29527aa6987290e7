import { sql, type Kysely } from 'kysely';

/**
 * The schema as the database itself describes it, one line per column,
 * index, constraint, trigger or SQLite object, in a fixed order: two
 * databases with the same lines have the same schema. PostgreSQL reads the
 * catalogue of `schema`, with its name taken out of index definitions.
 */
export async function catalogue(k: Kysely<any>, dialect: 'sqlite' | 'postgres', schema?: string): Promise<string[]> {
  const out: string[] = [];
  if (dialect === 'postgres') {
    const s = schema ?? 'public';
    const cols = await sql<any>`select table_name, column_name, data_type, is_nullable, column_default, ordinal_position from information_schema.columns
      where table_schema = ${s} order by table_name, ordinal_position`.execute(k);
    for (const r of cols.rows) out.push(`col ${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable} ${r.column_default ?? ''} #${r.ordinal_position}`);
    const ix = await sql<any>`select indexname, indexdef from pg_indexes where schemaname = ${s} order by indexname`.execute(k);
    for (const r of ix.rows) out.push(`idx ${r.indexname} ${String(r.indexdef).replaceAll(`${s}.`, '')}`);
    const cons = await sql<any>`select c.conname, t.relname, pg_get_constraintdef(c.oid) as def from pg_constraint c
      join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace where n.nspname = ${s} order by t.relname, c.conname`.execute(k);
    for (const r of cons.rows) out.push(`con ${r.relname}.${r.conname} ${r.def}`);
    const trg = await sql<any>`select tgname, pg_get_triggerdef(t.oid) as def from pg_trigger t join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${s} and not tgisinternal order by tgname`.execute(k);
    for (const r of trg.rows) out.push(`trg ${r.tgname} ${String(r.def).replaceAll(`${s}.`, '')}`);
  } else {
    const m = await sql<any>`select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(k);
    for (const r of m.rows) out.push(`${r.type} ${r.name} ${r.tbl_name} ${r.sql ?? ''}`);
  }
  return out;
}
