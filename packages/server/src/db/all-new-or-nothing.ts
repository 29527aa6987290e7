import { CompiledQuery } from 'kysely';

/** What the statement of {@link allNewOrNothing} says when some rows were there already. */
const NOT_ALL_NEW = 'rows already stored';

/**
 * PostgreSQL: an insert that leaves rows already stored alone (with
 * `returning`), and the statements that follow from its rows, sent as one
 * statement (data-modifying CTEs): one round trip, atomic by itself, no
 * BEGIN or COMMIT, and no row lock held across a round trip. `then` was made
 * assuming every row of the insert is new; when fewer rows come back the
 * statement fails as a whole, nothing of it stays ({@link isNotAllNew}), and
 * the caller writes the rows in a transaction instead, finding out which
 * were new.
 *
 * The statements run in the order given: PostgreSQL reads `insert` first
 * (the main query reads it) and runs the others, which nothing reads, to
 * completion afterwards, in order.
 *
 * @example
 * await db.kysely.executeQuery(allNewOrNothing(insertTouches(qb, rows), rows.length, clicksRecorded(qb, event)));
 */
export function allNewOrNothing(insert: CompiledQuery, count: number, then: readonly CompiledQuery[]): CompiledQuery<{ ok: number }> {
  const parameters: unknown[] = [];
  const part = (q: CompiledQuery) => {
    const offset = parameters.length;
    parameters.push(...q.parameters);
    // kysely writes every value as a parameter: `$n` in its text is only ever a placeholder
    return q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  const ctes = [insert, ...then].map((q, i) => `s${i} as (${part(q)})`);
  parameters.push(count);
  const sql = `with ${ctes.join(', ')} select case when count(*) = $${parameters.length} then 0 else ('${NOT_ALL_NEW}: ' || count(*))::int end as ok from s0`;
  return CompiledQuery.raw(sql, parameters) as CompiledQuery<{ ok: number }>;
}

/** Thrown by a write that assumed its rows new and found one stored before, to roll its transaction back. */
export class NotAllNew extends Error {
  constructor() {
    super(NOT_ALL_NEW);
    this.name = 'NotAllNew';
  }
}

/** Whether `error` is a {@link NotAllNew} or the refusal of an {@link allNewOrNothing} statement (PostgreSQL's `invalid_text_representation` on its own text). */
export const isNotAllNew = (error: unknown): boolean =>
  error instanceof NotAllNew ||
  (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '22P02' && String((error as { message?: unknown }).message).includes(NOT_ALL_NEW));
