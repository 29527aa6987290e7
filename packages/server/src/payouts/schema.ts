/** The payout accounts' and emails' tables live with the rest of the schema (db/payout-tables.ts). */
export type { EmailKind, EmailOutboxTable, PayoutAccountTable, PayoutTables } from '../db/payout-tables';
