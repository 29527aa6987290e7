import { describe } from 'vitest';
import { adminApiSuite } from './admin/admin-api-suite';
import { postgresFactory, sqliteFactory } from './harness';

describe('admin API on SQLite', () => adminApiSuite(sqliteFactory));
describe('admin API on PostgreSQL', () => adminApiSuite(postgresFactory));
