export { openDatabase, parseBigint } from './open-database';
export type { Db, Executor, OpenDatabaseOptions } from './open-database';
export type * from './schema';
