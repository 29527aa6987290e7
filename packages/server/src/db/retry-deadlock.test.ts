import { describe, expect, test } from 'vitest';
import { retryDeadlocks } from './retry-deadlock';

const pgError = (code: string) => Object.assign(new Error(code), { code });

describe('retryDeadlocks', () => {
  test('runs a deadlock victim again until it commits', async () => {
    let runs = 0;
    const result = await retryDeadlocks(async () => {
      runs++;
      if (runs < 3) throw pgError(runs === 1 ? '40P01' : '40001');
      return 'committed';
    });
    expect([result, runs]).toEqual(['committed', 3]);
  });

  test('other errors and the last attempt are thrown as they are', async () => {
    let runs = 0;
    await expect(retryDeadlocks(async () => (runs++, Promise.reject(pgError('23505'))))).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
    runs = 0;
    await expect(retryDeadlocks(async () => (runs++, Promise.reject(pgError('40P01'))), 2)).rejects.toMatchObject({ code: '40P01' });
    expect(runs).toBe(2);
  });
});
