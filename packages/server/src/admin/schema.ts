/** The dashboard's tables are part of the one schema (db/admin-tables.ts, in db/schema.ts `Database`). */
export type { AdminSessionTable, AdminSignInAttemptsTable, AdminUserTable } from '../db/admin-tables';
