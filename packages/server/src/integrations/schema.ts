/** The connector layer's tables live with the rest of the schema (db/integration-tables.ts). */
export type { EventOutcome, IntegrationEventTable, IntegrationSettingsTable, IntegrationTables, Platform } from '../db/integration-tables';
