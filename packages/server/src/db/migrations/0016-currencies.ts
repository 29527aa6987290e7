import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const big = 'bigint';
const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * Money is kept per currency (issue 14, item 1). Frozen SQL, no application code:
 *
 * - `shops.currencies`: the accepted currencies, the default first (null
 *   for an existing shop means just its `currency`);
 * - `bonuses` unique per shop, distributor, period, kind **and currency**,
 *   so a multi-currency shop pays each currency's bonus on its own sales;
 * - the dashboard's read models (`distributor_totals`, `admin_daily`) are
 *   rebuilt over the default currency only: orders already stored in
 *   another currency stop being added to the shop's figures (they are
 *   listed by `twotier doctor`; their ledger entries keep their currency,
 *   so the default-currency balance, now summed per currency, excludes them).
 */
export const currenciesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('shops').addColumn('currencies', 'text').execute();

    if (isSqlite(db)) {
      // SQLite cannot drop a table constraint: the table is copied into one with the wider key
      await db.schema
        .createTable('bonuses_0016')
        .addColumn('shop_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('distributor_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sales', big, (c) => c.notNull())
        .addColumn('amount', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('bonuses_pk', ['shop_id', 'id'])
        .addUniqueConstraint('bonuses_once_uq', ['shop_id', 'distributor_id', 'period', 'kind', 'currency'])
        .execute();
      await sql`insert into bonuses_0016 (shop_id, id, distributor_id, period, kind, sales, amount, currency, explanation, created_at)
        select shop_id, id, distributor_id, period, kind, sales, amount, currency, explanation, created_at from bonuses`.execute(db);
      await db.schema.dropTable('bonuses').execute();
      await db.schema.alterTable('bonuses_0016').renameTo('bonuses').execute();
    } else {
      await sql`alter table bonuses drop constraint if exists bonuses_once_uq`.execute(db);
      await sql`alter table bonuses add constraint bonuses_once_uq unique (shop_id, distributor_id, period, kind, currency)`.execute(db);
    }

    // the distributors table's totals, over the default currency only
    await sql`update distributor_totals set
        sales = coalesce((select sum(o.total_paid - o.refunded) from orders o join shops s on s.id = o.shop_id
          where o.shop_id = distributor_totals.shop_id and o.distributor_id = distributor_totals.distributor_id and o.currency = s.currency), 0),
        orders = coalesce((select count(*) from orders o join shops s on s.id = o.shop_id
          where o.shop_id = distributor_totals.shop_id and o.distributor_id = distributor_totals.distributor_id and o.currency = s.currency), 0),
        commissions = coalesce((select sum(c.amount - c.reversed) from commissions c join shops s on s.id = c.shop_id
          where c.shop_id = distributor_totals.shop_id and c.distributor_id = distributor_totals.distributor_id and c.currency = s.currency), 0)`.execute(db);
    // the overview's daily rollups are recomputed on the next read, over the default currency only
    await sql`delete from admin_daily`.execute(db);
    await sql`delete from admin_rollup_state`.execute(db);
  },
};
