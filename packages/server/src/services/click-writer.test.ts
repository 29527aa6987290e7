import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { postgresFactory, postgresReachable } from '../../test/harness';
import type { ShopRecord } from '../context';
import { openDatabase, type Db } from '../db';
import { createClickWriter, type ClickRow } from './click-writer';

const pgReachable = (await postgresReachable()) || Boolean(process.env.CI);

const file = join(tmpdir(), `twotier-click-writer-${randomBytes(6).toString('hex')}.db`);
afterAll(() => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
});

const shop = (id: string, binding: { mode: 'none' | 'permanent'; on: 'order' | 'touch' }) =>
  ({ id, program: { binding: { ...binding, allowSteal: false } } }) as unknown as ShopRecord;

const click = (s: ShopRecord, n: number, code = 'alice'): ClickRow => ({
  shop: s,
  eventId: `event_${n}`,
  code,
  visitorId: `visitor_${n % 7}`,
  url: 'https://shop.example/tea',
  referrer: null,
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
});

describe('click writer on a SQLite file (one multi-row insert per batch, one transaction)', () => {
  test('every answered click is committed and readable by another connection; duplicates are reported, not stored twice', async () => {
    const db = await openDatabase({ url: file });
    const writer = createClickWriter(db, { maxDelayMs: 1, maxRows: 40 });
    const s = shop('shop_a', { mode: 'none', on: 'order' });
    const reader = new BetterSqlite3(file, { readonly: true });
    const stored = reader.prepare('select count(*) as n from touches where shop_id = ? and event_id = ?');
    try {
      const rows = [...Array.from({ length: 300 }, (_, i) => click(s, i)), click(s, 5), click(s, 6)];
      const answers = await Promise.all(
        rows.map((r) =>
          writer.add(r).then((answer) => {
            // the answer comes after the commit: another connection already sees the row
            expect((stored.get(s.id, r.eventId) as { n: number }).n).toBe(1);
            return answer.duplicate;
          }),
        ),
      );
      expect(answers.filter((d) => d)).toHaveLength(2);
      expect(answers.slice(0, 300).every((d) => !d)).toBe(true);
      expect(await writer.add(click(s, 10))).toEqual({ duplicate: true });
      const total = reader.prepare('select count(*) as n from touches where shop_id = ?').get(s.id) as { n: number };
      expect(total.n).toBe(300);
      const rollup = reader.prepare('select day, code, clicks from daily_clicks where shop_id = ?').all(s.id);
      expect(rollup).toEqual([{ day: '2026-01-02', code: 'alice', clicks: 300 }]);
    } finally {
      reader.close();
      await writer.close();
      await db.close();
    }
  });

  test('a batch holding a click stored before is written again, finding out which are new: nothing of the first try stays', async () => {
    const db = await openDatabase({ url: file });
    const writer = createClickWriter(db, { maxDelayMs: 5, maxRows: 50 });
    const s = shop('shop_retry', { mode: 'none', on: 'order' });
    await Promise.all(Array.from({ length: 30 }, (_, i) => writer.add(click(s, i))));
    const answers = await Promise.all([click(s, 3), click(s, 40), click(s, 41), click(s, 29)].map((r) => writer.add(r)));
    expect(answers).toEqual([{ duplicate: true }, { duplicate: false }, { duplicate: false }, { duplicate: true }]);
    await writer.close();
    const daily = (await sql<{ clicks: number }>`select clicks from daily_clicks where shop_id = ${s.id}`.execute(db.kysely)).rows;
    const totals = (await sql<{ clicks: number }>`select clicks from daily_click_totals where shop_id = ${s.id}`.execute(db.kysely)).rows;
    const touches = (await sql<{ n: number }>`select count(*) as n from touches where shop_id = ${s.id}`.execute(db.kysely)).rows;
    expect([daily[0]?.clicks, totals[0]?.clicks, touches[0]?.n].map(Number)).toEqual([32, 32, 32]);
    await db.close();
  });

  test('a shop that binds on touches binds in the batch, and close() drains queued clicks', async () => {
    const db = await openDatabase({ url: file });
    const writer = createClickWriter(db, { maxDelayMs: 50 });
    const binding = shop('shop_b', { mode: 'permanent', on: 'touch' });
    const plain = shop('shop_c', { mode: 'none', on: 'order' });
    const pending = [writer.add(click(binding, 1, 'bob')), writer.add(click(plain, 1000))];
    expect(writer.queued).toBe(2);
    await writer.close();
    expect(await Promise.all(pending)).toEqual([{ duplicate: false }, { duplicate: false }]);
    const bound = await db.kysely.selectFrom('bindings').selectAll().where('shop_id', '=', binding.id).execute();
    expect(bound).toHaveLength(1);
    const count = await db.kysely.selectFrom('touches').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', plain.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    await db.close();
  });

  test('one write path: touches, daily clicks and last activity of a binding shop and a plain shop are the same rows', async () => {
    const db = await openDatabase({ url: file });
    await sameRowsEitherWay(db);
    await db.close();
  });
});

describe.runIf(pgReachable)('click writer on PostgreSQL (a batch of new touches is one statement)', () => {
  const factory = postgresFactory();
  let db: Db;
  beforeAll(async () => {
    db = await factory.open();
  });
  afterAll(async () => {
    await db.close();
    await factory.cleanup();
  });

  test('new touches take one statement; a batch with a touch stored before is written in a transaction, and only its new touches are counted', async () => {
    const s = shop('shop_pg', { mode: 'none', on: 'order' });
    await db.kysely
      .insertInto('distributors')
      .values({ shop_id: s.id, id: 'dist_pg', code: 'alice', name: 'Alice', status: 'active', grade: null, parent_id: null, user_id: null, email: null, created_at: 1 } as never)
      .execute();
    const transactions = vi.spyOn(db, 'writeTx');
    const writer = createClickWriter(db, { maxDelayMs: 1, maxRows: 50 });
    const first = await Promise.all(Array.from({ length: 120 }, (_, i) => writer.add(click(s, i))));
    expect(first.every((a) => !a.duplicate)).toBe(true);
    expect(transactions).not.toHaveBeenCalled();
    // a retried click (event 7), a repeat within the batch (event 500) and new ones
    const second = await Promise.all([click(s, 7), click(s, 500), click(s, 500), click(s, 501)].map((r) => writer.add(r)));
    expect(second).toEqual([{ duplicate: true }, { duplicate: false }, { duplicate: true }, { duplicate: false }]);
    expect(transactions).toHaveBeenCalledTimes(1);
    await writer.close();
    const n = await db.kysely.selectFrom('touches').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', s.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(122);
    const daily = (await sql<{ clicks: number }>`select clicks from daily_clicks where shop_id = ${s.id}`.execute(db.kysely)).rows;
    expect(daily.map((d) => Number(d.clicks))).toEqual([122]);
    const totals = (await sql<{ clicks: number }>`select clicks from daily_click_totals where shop_id = ${s.id}`.execute(db.kysely)).rows;
    expect(totals.map((d) => Number(d.clicks))).toEqual([122]);
    const activity = (await sql<{ last_activity_at: number }>`select last_activity_at from distributor_totals where shop_id = ${s.id}`.execute(db.kysely)).rows;
    expect(activity.map((a) => Number(a.last_activity_at))).toEqual([Date.UTC(2026, 0, 2, 3, 4, 5)]);
    transactions.mockRestore();
  });

  test('the same rows as SQLite: touches, daily clicks and last activity of a binding shop and a plain shop', async () => {
    await sameRowsEitherWay(db);
  });
});

/** Writes 40 clicks (and two repeats) for a plain shop and for one that binds on touches, and checks both end with the same, expected rows. */
async function sameRowsEitherWay(db: Db): Promise<void> {
  await db.kysely
    .insertInto('distributors')
    .values(['d', 'e'].map((s) => ({ shop_id: `shop_${s}`, id: `dist_${s}`, code: 'alice', name: 'Alice', status: 'active', grade: null, parent_id: null, user_id: null, email: null, created_at: 1 })) as never)
    .execute();
  const plain = shop('shop_d', { mode: 'none', on: 'order' });
  // a shop whose program binds on touches also writes bindings; with those left aside, the rows are the same
  const binding = shop('shop_e', { mode: 'permanent', on: 'touch' });
  const writer = createClickWriter(db, { maxRows: 7 });
  const at = (n: number) => Date.UTC(2026, 0, 1 + (n % 3), n % 24);
  for (const s of [plain, binding]) {
    const rows = Array.from({ length: 40 }, (_, i) => ({ ...click(s, i, i % 4 === 0 ? 'nobody' : 'alice'), at: at(i) }));
    await Promise.all([...rows, rows[3]!, rows[9]!].map((r) => writer.add(r)));
  }
  await writer.close();
  const read = async (shopId: string) => ({
    touches: await db.kysely.selectFrom('touches').select(['event_id', 'code', 'visitor_id', 'url', 'referrer', 'at']).where('shop_id', '=', shopId).orderBy('event_id').execute(),
    daily: (await sql<{ day: string; code: string; clicks: number }>`select day, code, clicks from daily_clicks where shop_id = ${shopId} order by day, code`.execute(db.kysely)).rows,
    activity: (await sql<{ last_activity_at: number }>`select last_activity_at from distributor_totals where shop_id = ${shopId}`.execute(db.kysely)).rows,
  });
  const [a, b] = [await read('shop_d'), await read('shop_e')];
  expect(a.touches).toHaveLength(40);
  expect(a.daily.reduce((n, d) => n + Number(d.clicks), 0)).toBe(40);
  // per day and code: days 1–3 in turn, every 4th click of the unknown code 'nobody'
  const expected = new Map<string, number>();
  for (let i = 0; i < 40; i++) {
    const k = `${new Date(at(i)).toISOString().slice(0, 10)} ${i % 4 === 0 ? 'nobody' : 'alice'}`;
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  expect(Object.fromEntries(a.daily.map((d) => [`${d.day} ${d.code}`, Number(d.clicks)]))).toEqual(Object.fromEntries(expected));
  expect(a.activity).toEqual([{ last_activity_at: Math.max(...Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 0 : at(i)))) }]);
  expect(b).toEqual(a);
}
