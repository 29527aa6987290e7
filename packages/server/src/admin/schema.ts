import type { Executor } from '../db';
import type { Database } from '../db/schema';

export type { AdminDailyTable, AdminRollupStateTable, AdminSessionTable, AdminSignInAttemptsTable, AdminUserTable } from '../db/admin-tables';

/** The server's tables plus the dashboard's: one schema, {@link Database}. */
export type AdminDatabase = Database;

/** The same connection: every table is in {@link Database}; kept for the callers that still wrap it. */
export const adminDb = <E extends Executor>(db: E): E => db;
