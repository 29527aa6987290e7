import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The per-distributor totals table, its sort indexes, and a backfill from
 * the existing rows. Frozen: the backfill is a copy of what
 * `rebuildDistributorTotals` (now read-models/distributor-totals.ts) ran
 * for every shop when this migration was frozen (sales and commissions in
 * the shop's default currency, recruits, the latest order or click), so a
 * later change to the read model does not change what this step does.
 */
export const distributorTotalsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('distributor_totals')
      .ifNotExists()
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('distributor_id', 'text', (c) => c.notNull())
      .addColumn('sales', 'bigint', (c) => c.notNull())
      .addColumn('orders', 'bigint', (c) => c.notNull())
      .addColumn('commissions', 'bigint', (c) => c.notNull())
      .addColumn('recruits', 'bigint', (c) => c.notNull())
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('distributor_totals_pk', ['shop_id', 'distributor_id'])
      .execute();
    for (const col of ['sales', 'commissions', 'recruits', 'last_activity_at']) {
      await db.schema.createIndex(`distributor_totals_${col}_ix`).ifNotExists().on('distributor_totals').columns(['shop_id', col, 'distributor_id']).execute();
    }
    await sql`insert into distributor_totals (shop_id, distributor_id, sales, orders, commissions, recruits, last_activity_at)
      select d.shop_id, d.id, coalesce(o.sales, 0), coalesce(o.n, 0), coalesce(c.amount, 0), coalesce(r.n, 0),
        case when coalesce(o.last, 0) > coalesce(t.last, 0) then coalesce(o.last, 0) else coalesce(t.last, 0) end
      from distributors d
      left join (select shop_id, distributor_id, sum(total_paid - refunded) as sales, count(*) as n, max(placed_at) as last
        from orders where distributor_id is not null
          and currency = (select s.currency from shops s where s.id = orders.shop_id) group by shop_id, distributor_id) o on o.shop_id = d.shop_id and o.distributor_id = d.id
      left join (select shop_id, distributor_id, sum(amount - reversed) as amount
        from commissions where 1 = 1
          and currency = (select s.currency from shops s where s.id = commissions.shop_id) group by shop_id, distributor_id) c on c.shop_id = d.shop_id and c.distributor_id = d.id
      left join (select shop_id, parent_id, count(*) as n
        from distributors where parent_id is not null group by shop_id, parent_id) r on r.shop_id = d.shop_id and r.parent_id = d.id
      left join (select shop_id, code, max(at) as last
        from touches where 1 = 1 group by shop_id, code) t on t.shop_id = d.shop_id and t.code = d.code
      where 1 = 1
      on conflict (shop_id, distributor_id) do update set
        sales = excluded.sales, orders = excluded.orders, commissions = excluded.commissions,
        recruits = excluded.recruits, last_activity_at = excluded.last_activity_at`.execute(db);
  },
};
