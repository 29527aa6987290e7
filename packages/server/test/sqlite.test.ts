import { describe } from 'vitest';
import { apiSuite } from './api';
import { sqliteFactory } from './harness';

describe('API on SQLite', () => apiSuite(sqliteFactory));
