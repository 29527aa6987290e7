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
});
