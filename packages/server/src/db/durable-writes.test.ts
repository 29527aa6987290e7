import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test, vi } from 'vitest';
import type { ShopRecord } from '../context';
import { openDatabase } from '.';
import { createClickWriter } from '../services/click-writer';

// every fdatasync of the WAL waits until the test lets it finish
const gate = vi.hoisted(() => ({ syncs: 0, release: [] as (() => void)[] }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const datasync = handle.datasync.bind(handle);
      return Object.assign(handle, {
        datasync: async () => {
          gate.syncs += 1;
          await new Promise<void>((resolve) => gate.release.push(resolve));
          return datasync();
        },
      });
    },
  };
});

const file = join(tmpdir(), `twotier-click-sync-${randomBytes(6).toString('hex')}.db`);
afterAll(() => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
});

describe('SQLite writes with synchronous FULL', () => {
  test('answers a click only after the WAL holding it is synced', async () => {
    const db = await openDatabase({ url: file });
    const writer = createClickWriter(db);
    const shop = { id: 'shop_sync', program: { binding: { mode: 'none', on: 'order', allowSteal: false } } } as unknown as ShopRecord;
    let answered = false;
    const pending = writer
      .add({ shop, eventId: 'event_1', code: 'alice', visitorId: 'visitor_1', url: 'https://shop.example/', referrer: null, at: Date.now() })
      .then((r) => {
        answered = true;
        return r;
      });
    await vi.waitFor(() => expect(gate.syncs).toBe(1));
    // committed (another query sees it) but not yet synced: not answered
    const row = await db.kysely.selectFrom('touches').select('event_id').where('shop_id', '=', shop.id).executeTakeFirst();
    expect(row).toEqual({ event_id: 'event_1' });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    gate.release.shift()!();
    await expect(pending).resolves.toEqual({ duplicate: false });
    await writer.close();
    await db.close();
  });

  test('every write transaction (orders, refunds, withdrawals) resolves only after the WAL holding it is synced', async () => {
    const db = await openDatabase({ url: file });
    const before = gate.syncs;
    let done = false;
    const pending = db
      .writeTx((tx) => tx.insertInto('bindings').values({ shop_id: 'shop_sync', customer_key: 'c:1', code: 'alice', bound_at: 1, expires_at: null }).execute())
      .then(() => (done = true));
    await vi.waitFor(() => expect(gate.syncs).toBe(before + 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    gate.release.shift()!();
    await pending;
    expect(done).toBe(true);
    // a failed transaction is rolled back, leaves FULL in place and syncs nothing
    await expect(db.writeTx(async () => {
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(gate.syncs).toBe(before + 1);
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
    expect(rows).toEqual([{ synchronous: 2 }]);
    await db.close();
  });

  test('writeTxCommitted resolves once committed and its durable once synced; the next transaction commits during the sync (the order writer relies on both)', async () => {
    const db = await openDatabase({ url: file });
    const before = gate.syncs;
    const bind = (key: string) => (tx: Parameters<Parameters<typeof db.writeTx>[0]>[0]) =>
      tx.insertInto('bindings').values({ shop_id: 'shop_pipe', customer_key: key, code: 'alice', bound_at: 1, expires_at: null }).execute();
    const first = await db.writeTxCommitted(bind('c:a'));
    let firstDurable = false;
    void first.durable.then(() => (firstDurable = true));
    await vi.waitFor(() => expect(gate.syncs).toBe(before + 1));
    // the first is not on disk yet, and a second commits meanwhile
    const second = await db.writeTxCommitted(bind('c:b'));
    const keys = await db.kysely.selectFrom('bindings').select('customer_key').where('shop_id', '=', 'shop_pipe').orderBy('customer_key').execute();
    expect(keys.map((k) => k.customer_key)).toEqual(['c:a', 'c:b']);
    await vi.waitFor(() => expect(gate.syncs).toBe(before + 2));
    await new Promise((r) => setTimeout(r, 20));
    expect(firstDurable).toBe(false);
    gate.release.shift()!();
    await first.durable;
    gate.release.shift()!();
    await second.durable;
    await db.close();
  });

  test('the WAL is folded into the file every 10,000 pages, not every 1,000', async () => {
    const db = await openDatabase({ url: file });
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
    expect(rows).toEqual([{ wal_autocheckpoint: 10_000 }]);
    await db.close();
  });
});
