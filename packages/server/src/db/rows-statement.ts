import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './open-database';

/** Row counts whose SQL text a {@link rowsStatement} keeps, per dialect. */
const KEPT_SHAPES = 256;

interface Shape {
  sql: string;
  /** Columns of every row. */
  columns: number;
  /** Each parameter: a row's column, or a constant of the statement. */
  slots: (readonly [row: number, column: string] | { value: unknown })[];
}

/**
 * A multi-row statement (an insert, an upsert, with `returning` or not)
 * written once with kysely's builder, whose SQL text is built once per row
 * count: later calls with as many rows reuse the text and pass the rows'
 * values as its parameters, in the order the builder put them.
 *
 * Building a batch's insert syntax tree and compiling it was a large part
 * of a click's cost (the click writer in-process, batches of 25: 12.9–14.2
 * µs a click with the touches insert and rollups built per batch, 11.6–11.8
 * built once per row count, SQLite itself about 4 µs of it); this keeps the
 * hot writes on the builder without
 * paying for it per batch. The text is the builder's own, so each dialect
 * gets its placeholders, quoting and `on conflict` form. Every row of one
 * statement has the same columns, none `undefined` (a row that differs from
 * the first is refused, where the builder would have made a column of it).
 *
 * @example
 * const insertTouches = rowsStatement((qb, rows: TouchRow[]) => qb.insertInto('touches').values(rows).returning(['event_id']));
 * const { rows } = await tx.executeQuery(insertTouches(tx, batch));
 */
export function rowsStatement<Row extends object, Result>(
  build: (qb: Executor, rows: Row[]) => Compilable<Result>,
): (qb: Executor, rows: readonly Row[]) => CompiledQuery<Result> {
  // per dialect (its adapter, one per database), then per row count
  const dialects = new WeakMap<object, Map<number, Shape>>();
  const shape = (qb: Executor, sample: Row, count: number): Shape => {
    // placeholders that say which row and column each parameter comes from
    const marks = Array.from({ length: count }, (_, i) => Object.fromEntries(Object.keys(sample).map((k) => [k, `\u0000${i}\u0000${k}`])) as Row);
    const compiled = build(qb, marks).compile();
    const slots = compiled.parameters.map((p): Shape['slots'][number] => {
      if (typeof p !== 'string' || !p.startsWith('\u0000')) return { value: p };
      const [, i, column] = p.split('\u0000');
      return [Number(i), column!];
    });
    return { sql: compiled.sql, slots, columns: Object.keys(sample).length };
  };
  return (qb, rows) => {
    if (rows.length === 0) throw new RangeError('rowsStatement: no rows');
    const adapter = qb.getExecutor().adapter;
    let shapes = dialects.get(adapter);
    if (!shapes) dialects.set(adapter, (shapes = new Map()));
    let s = shapes.get(rows.length);
    if (!s) {
      s = shape(qb, rows[0]!, rows.length);
      if (shapes.size >= KEPT_SHAPES) shapes.delete(shapes.keys().next().value!);
      shapes.set(rows.length, s);
    }
    for (const row of rows) if (Object.keys(row).length !== s.columns) throw new TypeError(`rowsStatement: rows of one statement have the same columns (${s.columns} in the first)`);
    const parameters = s.slots.map((slot) => {
      if (!Array.isArray(slot)) return (slot as { value: unknown }).value;
      const value = (rows[slot[0]] as Record<string, unknown>)[slot[1]];
      if (value === undefined) throw new TypeError(`rowsStatement: row ${slot[0]} has no ${slot[1]}`);
      return value;
    });
    return CompiledQuery.raw(s.sql, parameters) as CompiledQuery<Result>;
  };
}
