import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { walSync } from './wal-sync';

const file = join(tmpdir(), `twotier-wal-sync-${randomBytes(6).toString('hex')}.db`);
afterAll(() => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
});

describe('walSync', () => {
  test('commits without the in-COMMIT sync, restores FULL, and syncs the WAL afterwards', async () => {
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (x integer)');
    const sync = walSync(file);
    const level = () => db.pragma('synchronous', { simple: true });
    let inside = -1;
    const { result, synced } = await sync.commit(db, () => {
      inside = level() as number;
      return db.prepare('insert into t values (1)').run().changes;
    });
    expect([result, inside, level()]).toEqual([1, 1, 2]); // 1 = NORMAL during the commit, 2 = FULL again
    await expect(synced).resolves.toBeUndefined();
    const reader = new BetterSqlite3(file, { readonly: true });
    expect(reader.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
    reader.close();

    await expect(sync.commit(db, () => {
      throw new Error('constraint');
    })).rejects.toThrow('constraint');
    expect(level()).toBe(2);
    await sync.close();
    db.close();
  });
});
