import { describe } from 'vitest';
import { adminApiSuite } from './admin/admin-api-suite';
import { distributorSortSuite } from './admin/distributor-sort-suite';
import { postgresFactory, sqliteFactory } from './harness';

describe('admin API on SQLite', () => adminApiSuite(sqliteFactory));
describe('admin API on PostgreSQL', () => adminApiSuite(postgresFactory));
describe('distributors table sorted by totals on SQLite', () => distributorSortSuite(sqliteFactory));
describe('distributors table sorted by totals on PostgreSQL', () => distributorSortSuite(postgresFactory));
