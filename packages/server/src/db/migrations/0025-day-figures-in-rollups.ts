import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The dashboard's day figures move into the daily rollups the writes keep
 * (`daily_sales`), so nothing is computed when the Overview or Compliance is
 * read:
 *
 * - `daily_sales.revenue`: what customers paid less refunds (dims `day`,
 *   attributed orders, and `all`);
 * - new dims, each in the currency of its rows: `all` (every order: orders
 *   not refunded in full, revenue) by the day it was placed; `pending`,
 *   `available` and `reversed` (commissions by level, `commissions` column)
 *   by the day they were earned; `paid` (withdrawals paid) by the day they
 *   were marked paid;
 * - `daily_click_totals`: a shop's clicks per UTC day, all codes (the
 *   Overview's clicks, a row per day rather than one per day and code);
 * - filled here from the orders, commissions and withdrawals, as the live
 *   path would have kept them (`day` rows get their orders and revenue from
 *   the orders too, the one definition of docs/figures.md);
 * - `admin_daily` and `admin_rollup_state` (0004's figures computed on read,
 *   and their watermarks) are dropped, with the indexes only they and the
 *   live other-currency reads used: 0004's `orders_admin_created_ix` and
 *   `refunds_admin_created_ix`, 0024's `orders_currency_period_ix` and
 *   `commissions_currency_period_ix`.
 *
 * Frozen: it calls no application code.
 */
export const dayFiguresInRollupsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('daily_sales').addColumn('revenue', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('daily_click_totals')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('clicks', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('daily_click_totals_pk', ['shop_id', 'day'])
      .execute();
    await dayFiguresFromRows(db);
    await db.schema.dropTable('admin_daily').ifExists().execute();
    await db.schema.dropTable('admin_rollup_state').ifExists().execute();
    for (const ix of ['orders_admin_created_ix', 'refunds_admin_created_ix', 'orders_currency_period_ix', 'commissions_currency_period_ix']) {
      await db.schema.dropIndex(ix).ifExists().execute();
    }
  },
};

const DAY_MS = 86_400_000;
const ymd = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
/** An order whose refunds reach what was paid (one that paid nothing never is). */
const FULL = sql.raw('(total_paid > 0 and refunded >= total_paid)');

interface Row {
  shop_id: string;
  dim: string;
  day: string;
  key: string;
  currency: string;
  orders: number;
  sales: number;
  revenue: number;
  commissions: number;
}

/** Writes rows, replacing the columns `set` of any row already there (so running it twice changes nothing). */
async function put(db: Kysely<any>, rows: Row[], set: ('orders' | 'revenue' | 'commissions')[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('daily_sales')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['shop_id', 'dim', 'day', 'key', 'currency']).doUpdateSet((eb) => Object.fromEntries(set.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute();
  }
}

/**
 * The data part of 0025: the day figures of every shop from its rows. Per
 * shop, UTC day and currency: every order (`all`) and the attributed ones
 * (`day`: orders and revenue; item sales and commissions as they were); per
 * level, commissions pending, available (a row once any was settled) and
 * reversed; withdrawals paid; clicks per day (from the click rollups, which
 * outlive the pruning of raw clicks).
 */
export async function dayFiguresFromRows(db: Kysely<any>): Promise<void> {
  const orders = (
    await sql<{ shop_id: string; currency: string; d: unknown; n: unknown; revenue: unknown; attributed: unknown; attributed_n: unknown; attributed_revenue: unknown }>`
      select shop_id, currency, cast(placed_at / ${sql.lit(DAY_MS)} as bigint) as d,
        sum(case when ${FULL} then 0 else 1 end) as n,
        sum(total_paid - refunded) as revenue,
        count(distributor_id) as attributed,
        sum(case when distributor_id is null or ${FULL} then 0 else 1 end) as attributed_n,
        sum(case when distributor_id is null then 0 else total_paid - refunded end) as attributed_revenue
      from orders group by shop_id, currency, cast(placed_at / ${sql.lit(DAY_MS)} as bigint)`.execute(db)
  ).rows;
  const base = (shopId: string, dim: string, d: unknown, key: string, currency: string): Row => ({
    shop_id: shopId, dim, day: ymd(Number(d)), key, currency, orders: 0, sales: 0, revenue: 0, commissions: 0,
  });
  await put(db, orders.map((o) => ({ ...base(o.shop_id, 'all', o.d, '', o.currency), orders: Number(o.n), revenue: Number(o.revenue) })), ['orders', 'revenue']);
  await put(
    db,
    orders.filter((o) => Number(o.attributed) > 0).map((o) => ({ ...base(o.shop_id, 'day', o.d, '', o.currency), orders: Number(o.attributed_n), revenue: Number(o.attributed_revenue) })),
    ['orders', 'revenue'],
  );

  const commissions = (
    await sql<{ shop_id: string; currency: string; d: unknown; level: unknown; pending: unknown; available: unknown; settled: unknown; reversed: unknown }>`
      select shop_id, currency, cast(created_at / ${sql.lit(DAY_MS)} as bigint) as d, level,
        sum(case when status = 'available' then 0 else amount - reversed end) as pending,
        sum(case when status = 'available' then amount - reversed else 0 end) as available,
        sum(case when status = 'available' then 1 else 0 end) as settled,
        sum(reversed) as reversed
      from commissions group by shop_id, currency, cast(created_at / ${sql.lit(DAY_MS)} as bigint), level`.execute(db)
  ).rows;
  const levelRows: Row[] = [];
  for (const c of commissions) {
    const key = String(Number(c.level));
    levelRows.push({ ...base(c.shop_id, 'pending', c.d, key, c.currency), commissions: Number(c.pending) });
    if (Number(c.settled) > 0) levelRows.push({ ...base(c.shop_id, 'available', c.d, key, c.currency), commissions: Number(c.available) });
    if (Number(c.reversed) !== 0) levelRows.push({ ...base(c.shop_id, 'reversed', c.d, key, c.currency), commissions: Number(c.reversed) });
  }
  await put(db, levelRows, ['commissions']);

  const paid = (
    await sql<{ shop_id: string; currency: string; d: unknown; amount: unknown }>`
      select shop_id, currency, cast(updated_at / ${sql.lit(DAY_MS)} as bigint) as d, sum(amount) as amount
      from withdrawals where status = 'paid' group by shop_id, currency, cast(updated_at / ${sql.lit(DAY_MS)} as bigint)`.execute(db)
  ).rows;
  await put(db, paid.map((w) => ({ ...base(w.shop_id, 'paid', w.d, '', w.currency), commissions: Number(w.amount) })), ['commissions']);

  const clicks = (await sql<{ shop_id: string; day: string; n: unknown }>`select shop_id, day, sum(clicks) as n from daily_clicks group by shop_id, day`.execute(db)).rows;
  for (let i = 0; i < clicks.length; i += 500) {
    await db
      .insertInto('daily_click_totals')
      .values(clicks.slice(i, i + 500).map((c) => ({ shop_id: c.shop_id, day: c.day, clicks: Number(c.n) })))
      .onConflict((oc) => oc.columns(['shop_id', 'day']).doUpdateSet((eb) => ({ clicks: eb.ref('excluded.clicks') })))
      .execute();
  }
}
