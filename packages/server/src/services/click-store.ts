/**
 * The SQLite click store: the touches insert, the daily click rollup and the
 * distributors' last activity of a batch, as prepared statements on a
 * connection, one `BEGIN IMMEDIATE` transaction (one fsync) per batch. The
 * click writer runs it on the server's own connection between kysely's
 * queries ({@link Db.sqlite}); `writeClicks` in click-writer.ts is the same
 * writes through kysely (PostgreSQL, and shops that bind on touches), and
 * click-writer.test.ts checks the two store the same rows.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { latestClickPerCode } from '../read-models/distributor-totals';
import { dailyClickCounts } from '../stats/rollups';

/** A touch to store. */
export interface StoredClick {
  shopId: string;
  eventId: string;
  code: string;
  visitorId: string;
  url: string;
  referrer: string | null;
  at: number;
}

/** Moves a distributor's last activity forward to a click (at, shop id, code), as `clickActivity` in read-models/distributor-totals does; an unknown code changes nothing. */
const CLICK_ACTIVITY_SQL =
  'insert into distributor_totals (shop_id, distributor_id, sales, orders, commissions, recruits, last_activity_at) ' +
  'select shop_id, id, 0, 0, 0, 0, ? from distributors where shop_id = ? and code = ? ' +
  'on conflict (shop_id, distributor_id) do update set last_activity_at = ' +
  'case when excluded.last_activity_at > distributor_totals.last_activity_at then excluded.last_activity_at else distributor_totals.last_activity_at end';

/** Prepares the statements on `db`; `write` stores a batch in one transaction and says which rows were new. */
export function clickStore(db: BetterSqlite3.Database): { write(rows: StoredClick[]): boolean[] } {
  const insertTouch = db.prepare(
    'insert into touches (shop_id, event_id, code, visitor_id, url, referrer, at) values (?, ?, ?, ?, ?, ?, ?) on conflict (shop_id, event_id) do nothing',
  );
  const addClicks = db.prepare(
    'insert into daily_clicks (shop_id, day, code, clicks) values (?, ?, ?, ?) on conflict (shop_id, day, code) do update set clicks = daily_clicks.clicks + excluded.clicks',
  );
  const addActivity = db.prepare(CLICK_ACTIVITY_SQL);
  const batch = db.transaction((rows: StoredClick[]): boolean[] => {
    const fresh = rows.map((r) => insertTouch.run(r.shopId, r.eventId, r.code, r.visitorId, r.url, r.referrer, r.at).changes === 1);
    const stored = rows.filter((_, i) => fresh[i]);
    for (const c of dailyClickCounts(stored)) addClicks.run(c.shopId, c.day, c.code, c.clicks);
    for (const l of latestClickPerCode(stored)) addActivity.run(l.at, l.shopId, l.code);
    return fresh;
  });
  return { write: (rows) => batch.immediate(rows) };
}
