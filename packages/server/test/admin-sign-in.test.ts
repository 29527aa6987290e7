import { describe } from 'vitest';
import { adminSignInSuite } from './admin/admin-sign-in-suite';
import { postgresFactory, sqliteFactory } from './harness';

describe('admin sign-in under attack on SQLite', () => adminSignInSuite(sqliteFactory));
describe('admin sign-in under attack on PostgreSQL', () => adminSignInSuite(postgresFactory));
