/**
 * Whether an error says the database is away for now — PostgreSQL stopped,
 * restarting or refusing connections, a connection cut, the pool unable to
 * connect in time, SQLite still locked by another writer after its
 * busy_timeout — rather than that the request or the code is wrong. The
 * error handler answers these 503 `unavailable` with a `Retry-After`
 * (http/error-handler.ts), so a client can tell "try again shortly" from a
 * bug. The shapes are those node-postgres and better-sqlite3 throw, seen by
 * stopping a PostgreSQL of our own (docs/reliability.md):
 *
 * - a PostgreSQL error (`DatabaseError`) with SQLSTATE `57P01`
 *   (terminating connection due to administrator command: a fast stop, or
 *   `pg_terminate_backend`), `57P02` (crash of another server process),
 *   `57P03` (the database system is starting up / shutting down), `53300`
 *   (too many connections), or any of class `08` (connection exception);
 * - a socket error of the connection: `ECONNREFUSED` (stopped),
 *   `ECONNRESET`, `EPIPE`, `ETIMEDOUT`, `EHOSTUNREACH`, `ENETUNREACH`,
 *   `EAI_AGAIN`;
 * - node-postgres's own words, without a code: "Connection terminated
 *   unexpectedly" (a connection cut mid-query, an immediate stop),
 *   "Connection terminated due to connection timeout", "timeout exceeded
 *   when trying to connect" (the pool's `connectionTimeoutMillis`), "Client
 *   has encountered a connection error and is not queryable";
 * - better-sqlite3's `SQLITE_BUSY` (and its extended codes), "database is
 *   locked".
 *
 * The error's `cause` chain and an `AggregateError`'s `errors` are looked
 * through (Node reports a refused connection to every address of a host
 * name as one `AggregateError`).
 *
 * @example
 * isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })); // true
 * isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' })); // false: a conflict, not an outage
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && unavailableCode(code)) return true;
  if (typeof message === 'string' && CONNECTION_LOST.some((re) => re.test(message))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}

/** Seconds a client is told to wait (`Retry-After`) before sending again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** SQLSTATEs of a server that is stopping, starting or full (class 08 is checked apart). */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a connection to the database. */
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres's errors that carry no code. */
const CONNECTION_LOST = [/^Connection terminated\b/, /^timeout exceeded when trying to connect$/, /^Client has encountered a connection error and is not queryable$/];

const unavailableCode = (code: string): boolean =>
  PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_UNAVAILABLE.has(code) || code.startsWith('SQLITE_BUSY');
