import { describe, expect, test } from 'vitest';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  test('answers each caller only after its batch was written, many rows per write', async () => {
    const batches: number[][] = [];
    const written = new Set<number>();
    const gc = new GroupCommit<number, number>({
      maxDelayMs: 5,
      maxRows: 50,
      write: async (rows) => {
        await new Promise((r) => setTimeout(r, 3));
        batches.push(rows);
        for (const r of rows) written.add(r);
        return rows.map((r) => r * 2);
      },
    });
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        gc.add(i).then((doubled) => {
          expect(written.has(i)).toBe(true);
          return doubled;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 120 }, (_, i) => i * 2));
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(50);
  });

  test('a failed write rejects every caller of that batch and no other', async () => {
    let calls = 0;
    const gc = new GroupCommit<string, string>({
      maxDelayMs: 1,
      write: async (rows) => {
        calls += 1;
        if (calls === 1) throw new Error('disk full');
        return rows;
      },
    });
    const first = Promise.allSettled([gc.add('a'), gc.add('b')]);
    expect((await first).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(gc.add('c')).resolves.toBe('c');
  });

  test('drain writes what is queued before the timer fires', async () => {
    const written: string[] = [];
    const gc = new GroupCommit<string, void>({
      maxDelayMs: 60_000,
      write: async (rows) => {
        written.push(...rows);
        return rows.map(() => undefined);
      },
    });
    const pending = [gc.add('x'), gc.add('y')];
    await gc.drain();
    await Promise.all(pending);
    expect(written).toEqual(['x', 'y']);
  });

  test('a write that answers once committed: the next batch is written during the sync, and no caller is answered before its batch is durable', async () => {
    const events: string[] = [];
    const syncs: { batch: number; done: () => void }[] = [];
    let n = 0;
    const gc = new GroupCommit<number, number>({
      write: async (rows) => {
        const batch = ++n;
        events.push(`commit ${batch}: ${rows.join(',')}`);
        let done!: () => void;
        const durable = new Promise<void>((r) => (done = r));
        syncs.push({ batch, done });
        return { results: rows.map((r) => r * 10), durable };
      },
    });
    const answered: number[] = [];
    const first = [gc.add(1), gc.add(2)].map((p) => p.then((r) => answered.push(r)));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['commit 1: 1,2']);
    // batch 1 committed, not yet on disk: batch 2 is written meanwhile
    const second = [gc.add(3)].map((p) => p.then((r) => answered.push(r)));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['commit 1: 1,2', 'commit 2: 3']);
    expect(answered).toEqual([]);
    // the later sync may end first: each batch is answered on its own sync
    syncs[1]!.done();
    await Promise.all(second);
    expect(answered).toEqual([30]);
    syncs[0]!.done();
    await Promise.all(first);
    expect(answered.sort((a, b) => a - b)).toEqual([10, 20, 30]);
  });

  test('a sync that fails rejects that batch\'s callers, and drain waits for the syncs', async () => {
    let fail!: (e: Error) => void;
    const gc = new GroupCommit<number, number>({
      write: async (rows) => ({ results: rows, durable: new Promise<void>((_, reject) => (fail = reject)) }),
    });
    const one = gc.add(1);
    let drained = false;
    await new Promise((r) => setImmediate(r));
    const drain = gc.drain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(drained).toBe(false);
    fail(new Error('EIO: fdatasync'));
    await expect(one).rejects.toThrow('EIO');
    await drain;
    expect(drained).toBe(true);
  });
});
