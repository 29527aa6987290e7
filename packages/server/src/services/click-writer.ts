import { nextBinding } from '@twotier/core';
import { loadBinding, saveBinding } from './bindings';
import type { Insertable } from 'kysely';
import type { Db, Executor, TouchTable } from '../db';
import { rowsStatement } from '../db/rows-statement';
import type { ShopRecord } from '../context';
import { GroupCommit } from './group-commit';
import { applyEvents, clicksRecorded } from '../read-models';
import { NotAllNew, allNewOrNothing, isNotAllNew } from '../db/all-new-or-nothing';
import { retryDeadlocks } from '../db/retry-deadlock';

/** A touch ready to store, with its shop's record. */
export interface ClickRow {
  shop: ShopRecord;
  eventId: string;
  code: string;
  visitorId: string;
  url: string;
  referrer: string | null;
  at: number;
}

/** Stores touches with group commit; `duplicate` is true when the event id was already known. */
export interface ClickWriter {
  /** Queues a touch; resolves once its batch has committed. */
  add(row: ClickRow): Promise<{ duplicate: boolean }>;
  /** Touches waiting for a batch. */
  readonly queued: number;
  /** Writes everything queued and waits for it. */
  drain(): Promise<void>;
  /** Drains (graceful shutdown). */
  close(): Promise<void>;
}

/** Options of {@link createClickWriter}. */
export interface ClickWriterOptions {
  maxDelayMs?: number;
  maxRows?: number;
}

/**
 * A group-commit writer of touches (`POST /v1/track/click`). A batch is
 * written first as if every touch in it were new ({@link writeBatch}: on
 * SQLite one transaction, on PostgreSQL one statement), and when one was
 * stored before, again in a transaction that finds out which were
 * ({@link writeClicks}); either way the read models the new touches change
 * (daily click rollups, distributors' last activity) follow in the same
 * transaction, and shops that bind visitors on touches bind them there too.
 */
export function createClickWriter(db: Db, options: ClickWriterOptions = {}): ClickWriter {
  const writer = new GroupCommit<ClickRow, { duplicate: boolean }>({
    ...options,
    // answered once durable, and the next batch waits for the sync: clicks cost little each, so fewer and
    // larger batches beat writing the next batch during the sync as orders do (SQLite, 200 connections:
    // 11,442 and 9,717 clicks/s that way against 14,248 and 12,296, the batches being smaller)
    write: (rows) => writeBatch(db, rows),
  });
  return { add: (row) => writer.add(row), get queued() { return writer.queued; }, drain: () => writer.drain(), close: () => writer.drain() };
}

/** A batch's touches, the known ones left as they are, `returning` the new ones (used when a batch holds a touch stored before, and on PostgreSQL, where it tells {@link allNewOrNothing} the count). */
const insertTouches = rowsStatement((qb, rows: Insertable<TouchTable>[]) =>
  qb
    .insertInto('touches')
    .values(rows)
    .onConflict((oc) => oc.columns(['shop_id', 'event_id']).doNothing())
    .returning(['shop_id', 'event_id']),
);

/**
 * SQLite: touches expected new, `insert or ignore`, which needs no statement
 * journal (3.1 µs a touch against 3.6), its count of rows checked: a row
 * skipped for any reason (a stored event id, a broken constraint) sends the
 * batch the long way, whose insert reports what is wrong.
 */
const insertNewTouches = rowsStatement((qb, rows: Insertable<TouchTable>[]) => qb.insertInto('touches').orIgnore().values(rows));

const touchRow = (r: ClickRow): Insertable<TouchTable> => ({ shop_id: r.shop.id, event_id: r.eventId, code: r.code, visitor_id: r.visitorId, url: r.url, referrer: r.referrer, at: r.at });

const clickKey = (r: ClickRow): string => `${r.shop.id}\u0000${r.eventId}`;

/** The batch without its repeated event ids (a repeat within a batch is a duplicate of the first). */
function firstOfEach(rows: readonly ClickRow[]): ClickRow[] {
  const seen = new Set<string>();
  const unique: ClickRow[] = [];
  for (const r of rows) {
    const k = clickKey(r);
    if (seen.has(k)) continue;
    seen.add(k);
    unique.push(r);
  }
  return unique;
}

/** Each row's answer: new when it is one of `fresh`, a duplicate otherwise (stored before, or a repeat within the batch). */
const answers = (rows: readonly ClickRow[], fresh: readonly ClickRow[]): { duplicate: boolean }[] => {
  const isNew = new Set(fresh);
  return rows.map((r) => ({ duplicate: !isNew.has(r) }));
};

/**
 * Writes a batch as if every touch in it were new, as nearly every batch is
 * (a touch stored before is a client's retry): without finding out which
 * are new, and on PostgreSQL as one statement, the touches and the read
 * models together (db/all-new-or-nothing.ts), one round trip instead of six.
 * When a touch was stored before, nothing of that stays, and the batch is
 * written again by {@link writeClicks}, the same statements that find out
 * which touches were new. On PostgreSQL a shop that binds on touches (that
 * reads the binding first) takes the transaction at once.
 */
async function writeBatch(db: Db, rows: ClickRow[]): Promise<{ duplicate: boolean }[]> {
  const unique = firstOfEach(rows);
  try {
    if (db.dialect === 'sqlite') await db.writeTx((tx) => writeNewClicks(tx, unique));
    else if (unique.length <= TOUCHES_PER_INSERT && !unique.some((r) => bindsOnTouch(r.shop))) {
      const statement = allNewOrNothing(insertTouches(db.kysely, unique.map(touchRow)), unique.length, clicksRecorded(db.kysely, { type: 'clicks.recorded', clicks: unique }));
      await retryDeadlocks(() => db.executeHot(statement));
    } else return await db.writeTx((tx) => writeClicks(tx, rows));
    return answers(rows, unique);
  } catch (error) {
    if (!isNotAllNew(error)) throw error;
  }
  return db.writeTx((tx) => writeClicks(tx, rows));
}

/** SQLite: the touches of a batch, each new (refused with {@link NotAllNew} otherwise, which rolls the transaction back), and what they change. */
async function writeNewClicks(tx: Executor, unique: ClickRow[]): Promise<void> {
  for (let i = 0; i < unique.length; i += TOUCHES_PER_INSERT) {
    const part = unique.slice(i, i + TOUCHES_PER_INSERT);
    const { numAffectedRows } = await tx.executeQuery(insertNewTouches(tx, part.map(touchRow)));
    if (Number(numAffectedRows ?? 0) !== part.length) throw new NotAllNew();
  }
  for (const r of unique) await bindOnTouch(tx, r);
  await applyEvents(tx, [{ type: 'clicks.recorded', clicks: unique }]);
}

/** Touches in one insert statement. */
const TOUCHES_PER_INSERT = 200;

async function writeClicks(tx: Executor, rows: ClickRow[]): Promise<{ duplicate: boolean }[]> {
  const unique = firstOfEach(rows);
  const inserted = new Set<string>();
  for (let i = 0; i < unique.length; i += TOUCHES_PER_INSERT) {
    const { rows: done } = await tx.executeQuery(insertTouches(tx, unique.slice(i, i + TOUCHES_PER_INSERT).map(touchRow)));
    for (const d of done) inserted.add(`${d.shop_id}\u0000${d.event_id}`);
  }
  const fresh = unique.filter((r) => inserted.has(clickKey(r)));
  for (const r of fresh) await bindOnTouch(tx, r);
  // the read models (click rollups, distributors' last activity) follow the new clicks
  await applyEvents(tx, [{ type: 'clicks.recorded', clicks: fresh }]);
  return answers(rows, fresh);
}

const bindsOnTouch = (shop: ShopRecord): boolean => shop.program.binding.mode !== 'none' && shop.program.binding.on === 'touch';

/** Programs that bind on touches bind the visitor now (DESIGN.md, Attribution 4). */
async function bindOnTouch(tx: Executor, r: ClickRow): Promise<void> {
  if (!bindsOnTouch(r.shop)) return;
  const key = `v:${r.visitorId}`;
  const current = await loadBinding(tx, r.shop.id, [key]);
  const next = nextBinding({ current, code: r.code, at: new Date(r.at), trigger: 'touch', program: r.shop.program });
  if (!next || next === current) return;
  await saveBinding(tx, r.shop.id, key, next);
}
