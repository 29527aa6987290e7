/**
 * Worker thread that owns a write connection to the SQLite file and stores
 * batches of touches, one transaction (and one fsync) per batch, so the main
 * thread keeps serving requests while a batch syncs to disk. The main thread
 * answers a batch's requests when this thread reports its commit
 * ({@link ./click-worker-client}).
 *
 * Messages in: `{ id, rows }` (a batch) or `{ close: true }`. Out:
 * `{ id, fresh }` (one flag per row, `false` for a known event id) or
 * `{ id, error }` when the transaction was rolled back.
 */
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** A touch as it crosses to the worker (structured clone of plain values). */
export interface WorkerClickRow {
  shopId: string;
  eventId: string;
  code: string;
  visitorId: string;
  url: string;
  referrer: string | null;
  at: number;
}

/** What the worker is started with. */
export interface ClickWorkerData {
  file: string;
  synchronous: 'full' | 'normal';
}

/** A batch to write. */
export interface ClickBatchMessage {
  id: number;
  rows: WorkerClickRow[];
}

/** The answer to a batch: committed (`fresh`) or rolled back (`error`). */
export type ClickBatchReply = { id: number; fresh: boolean[] } | { id: number; error: string };

/** Moves a distributor's last activity forward to a click (at, shop id, code), as `clickActivity` in admin/distributor-totals does; an unknown code changes nothing. */
const CLICK_ACTIVITY_SQL =
  'insert into distributor_totals (shop_id, distributor_id, sales, orders, commissions, recruits, last_activity_at) ' +
  'select shop_id, id, 0, 0, 0, 0, ? from distributors where shop_id = ? and code = ? ' +
  'on conflict (shop_id, distributor_id) do update set last_activity_at = ' +
  'case when excluded.last_activity_at > distributor_totals.last_activity_at then excluded.last_activity_at else distributor_totals.last_activity_at end';

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Opens the connection and returns the batch writer (exported for tests of the SQL itself). */
export function openClickStore(data: ClickWorkerData): { write(rows: WorkerClickRow[]): boolean[]; close(): void } {
  const db = new BetterSqlite3(data.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${data.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const insertTouch = db.prepare(
    'insert into touches (shop_id, event_id, code, visitor_id, url, referrer, at) values (?, ?, ?, ?, ?, ?, ?) on conflict (shop_id, event_id) do nothing',
  );
  const addClicks = db.prepare(
    'insert into daily_clicks (shop_id, day, code, clicks) values (?, ?, ?, ?) on conflict (shop_id, day, code) do update set clicks = daily_clicks.clicks + excluded.clicks',
  );
  const addActivity = db.prepare(CLICK_ACTIVITY_SQL);
  const batch = db.transaction((rows: WorkerClickRow[]): boolean[] => {
    const fresh: boolean[] = [];
    const counts = new Map<string, { shopId: string; day: string; code: string; clicks: number }>();
    for (const r of rows) {
      const inserted = insertTouch.run(r.shopId, r.eventId, r.code, r.visitorId, r.url, r.referrer, r.at).changes === 1;
      fresh.push(inserted);
      if (!inserted) continue;
      const day = utcDay(r.at);
      const k = `${r.shopId}\u0000${day}\u0000${r.code}`;
      const c = counts.get(k);
      if (c) c.clicks += 1;
      else counts.set(k, { shopId: r.shopId, day, code: r.code, clicks: 1 });
    }
    // rollup rows in a fixed order, as the in-thread writer does, so writers never deadlock
    for (const k of [...counts.keys()].sort()) {
      const c = counts.get(k)!;
      addClicks.run(c.shopId, c.day, c.code, c.clicks);
    }
    const latest = new Map<string, { shopId: string; code: string; at: number }>();
    rows.forEach((r, i) => {
      const k = `${r.shopId}\u0000${r.code}`;
      if (fresh[i] && r.at > (latest.get(k)?.at ?? -1)) latest.set(k, { shopId: r.shopId, code: r.code, at: r.at });
    });
    for (const k of [...latest.keys()].sort()) {
      const l = latest.get(k)!;
      addActivity.run(l.at, l.shopId, l.code);
    }
    return fresh;
  });
  return { write: (rows) => batch.immediate(rows), close: () => db.close() };
}

if (parentPort && (workerData as { clickWorker?: ClickWorkerData } | null)?.clickWorker) {
  const port = parentPort;
  const store = openClickStore((workerData as { clickWorker: ClickWorkerData }).clickWorker);
  port.on('message', (message: ClickBatchMessage | { close: true }) => {
    if ('close' in message) {
      store.close();
      port.close();
      return;
    }
    let reply: ClickBatchReply;
    try {
      reply = { id: message.id, fresh: store.write(message.rows) };
    } catch (error) {
      reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
