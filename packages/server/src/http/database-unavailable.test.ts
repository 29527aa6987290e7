import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable';

/** An error as the drivers throw it: a message, and the fields they set. */
const err = (message: string, fields: Record<string, unknown> = {}, ctor: new (m: string) => Error = Error) => Object.assign(new ctor(message), fields);
/** node-postgres's `DatabaseError`: a server's ErrorResponse, with its SQLSTATE. */
class DatabaseError extends Error {
  override name = 'error';
}
class SqliteError extends Error {
  override name = 'SqliteError';
}

describe('isDatabaseUnavailable', () => {
  // each shape as seen while stopping and starting a PostgreSQL of our own (docs/reliability.md)
  it.each([
    ['a query in flight at a fast stop (57P01)', err('terminating connection due to administrator command', { code: '57P01', severity: 'FATAL' }, DatabaseError)],
    ['a backend killed by pg_terminate_backend (57P01)', err('terminating connection due to administrator command', { code: '57P01' }, DatabaseError)],
    ['a crash of another server process (57P02)', err('terminating connection because of crash of another server process', { code: '57P02' }, DatabaseError)],
    ['a connection while the server starts (57P03)', err('the database system is starting up', { code: '57P03' }, DatabaseError)],
    ['a connection while the server shuts down (57P03)', err('the database system is shutting down', { code: '57P03' }, DatabaseError)],
    ['too many connections (53300)', err('sorry, too many clients already', { code: '53300' }, DatabaseError)],
    ['a connection exception (08006)', err('connection failure', { code: '08006' }, DatabaseError)],
    ['a connection that could not be made (08001)', err('could not connect', { code: '08001' }, DatabaseError)],
    ['the server stopped (ECONNREFUSED)', err('connect ECONNREFUSED 127.0.0.1:57100', { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' })],
    ['a connection reset', err('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' })],
    ['a transaction cut at a fast stop, or a query at an immediate stop', err('Connection terminated unexpectedly')],
    ['the client timing out its connect', err('Connection terminated due to connection timeout', { cause: err('Connection terminated unexpectedly') })],
    ['the pool timing out waiting for a connection', err('timeout exceeded when trying to connect')],
    ['a client reused after its connection broke', err('Client has encountered a connection error and is not queryable')],
    ['SQLite still locked after busy_timeout', err('database is locked', { code: 'SQLITE_BUSY' }, SqliteError)],
    ['SQLite busy on a stale WAL snapshot', err('database is locked', { code: 'SQLITE_BUSY_SNAPSHOT' }, SqliteError)],
    ['every address of a host name refused', new AggregateError([err('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' }), err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })], '')],
    ['a wrapper whose cause is a refused connection', err('could not write the batch', { cause: err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }) })],
  ])('%s: unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (a conflict)', err('duplicate key value violates unique constraint', { code: '23505' }, DatabaseError)],
    ['a deadlock (retried by the database layer)', err('deadlock detected', { code: '40P01' }, DatabaseError)],
    ['a statement cancelled (57014, not an outage)', err('canceling statement due to statement timeout', { code: '57014' }, DatabaseError)],
    ['a syntax error', err('syntax error at or near "selec"', { code: '42601' }, DatabaseError)],
    ['a SQLite constraint', err('UNIQUE constraint failed: orders.id', { code: 'SQLITE_CONSTRAINT_UNIQUE' }, SqliteError)],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a connection', err('the connection id is missing')],
    ['a code like a SQLSTATE of class 08 but longer', err('x', { code: '0800000' })],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s: not unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops on a cause that points back to itself', () => {
    const e = err('wrapped') as Error & { cause?: unknown };
    e.cause = e;
    expect(isDatabaseUnavailable(e)).toBe(false);
  });
});
