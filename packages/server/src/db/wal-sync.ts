import type BetterSqlite3 from 'better-sqlite3';
import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Commits whose fsync runs off the event loop. In WAL mode a commit is
 * durable once its frames in the `-wal` file are on disk. With
 * `synchronous = FULL` SQLite syncs the WAL inside COMMIT and the thread
 * waits; here a batch commits with `synchronous = NORMAL` (frames written,
 * not yet synced), and then the WAL file is `fdatasync`ed on libuv's thread
 * pool, which puts every frame written so far on disk, this commit's
 * included. The caller answers nobody before `synced` resolves, so an
 * acknowledged write is as durable as with FULL, while the event loop reads
 * the next requests during the sync. Every SQLite write goes this way
 * (`Db.writeTx`, `Db.writeTxCommitted`). One difference remains: during the sync
 * another request can already read the new rows, so on power loss (not on a
 * crash or kill -9) a row someone read may be gone, though no write it
 * acknowledged to its own caller is.
 */
export interface WalSync {
  /**
   * Runs `fn` (one whole write transaction, begun and committed by `fn`:
   * SQLite refuses to change `synchronous` inside one) without the in-COMMIT
   * sync; `synced` resolves once it is on disk.
   */
  commit<T>(database: BetterSqlite3.Database, fn: () => T | Promise<T>): Promise<{ result: T; synced: Promise<void> }>;
  close(): Promise<void>;
}

/** For the SQLite file `file` (WAL mode, `synchronous = FULL` on the connection). */
export function walSync(file: string): WalSync {
  // resolved now, as the database was opened: a later change of directory must not point elsewhere
  const wal = resolve(`${file}-wal`);
  let handle: Promise<FileHandle> | null = null;
  const sync = async () => {
    handle ??= open(wal, 'r').catch((error: unknown) => {
      handle = null; // try again with the next batch
      throw error;
    });
    await (await handle).datasync();
  };
  return {
    async commit(database, fn) {
      database.pragma('synchronous = NORMAL');
      let result;
      try {
        result = await fn();
      } finally {
        database.pragma('synchronous = FULL');
      }
      return { result, synced: sync() };
    },
    async close() {
      await (await handle?.catch(() => null))?.close();
      handle = null;
    },
  };
}
