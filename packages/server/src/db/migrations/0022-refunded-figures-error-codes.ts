import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Figures with one definition (docs/figures.md), and integration errors a
 * dashboard can translate:
 * - `integration_events.error_code` and `error_params`: a failed event's
 *   stable error code and its parameters (JSON), beside the English `error`
 *   kept for logs and for rows stored before (which have no code);
 * - an order refunded in full is no sale, a partial refund lowers sales:
 *   the sales rollups (`daily_sales`) of every attributed order with refunds
 *   are moved from what the order counted when placed to what is left; the
 *   distributors' order counts leave out orders refunded in full; the
 *   dashboard's day rollups (`admin_daily`) are dropped so they are
 *   recomputed with the same definition when next read.
 * Frozen: it calls no application code (the arithmetic below is its own
 * copy of the rule in stats/rollups.ts `netOfRefunds`).
 */
export const refundedFiguresErrorCodesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('integration_events').addColumn('error_code', 'text').execute();
    await db.schema.alterTable('integration_events').addColumn('error_params', 'text').execute();
    await refundedOrdersToOneDefinition(db);
  },
};

/** The data part of 0022: every attributed order with refunds moved to what is left of it in the rollups and counts. */
export async function refundedOrdersToOneDefinition(db: Kysely<any>): Promise<void> {
  await sql`delete from admin_daily`.execute(db);
  await sql`update distributor_totals set orders = (
    select count(*) from orders o
    where o.shop_id = distributor_totals.shop_id and o.distributor_id = distributor_totals.distributor_id
      and o.currency = (select s.currency from shops s where s.id = o.shop_id)
      and not (o.refunded > 0 and o.refunded >= o.total_paid))`.execute(db);

  let after = '';
  for (;;) {
    // attributed orders with refunds, by (shop, id) pages
    const orders = (
      await sql<{ shop_id: string; id: string; body: string; evaluation: string; base: unknown; total_paid: unknown; refunded: unknown; region: string | null; distributor_id: string; placed_at: unknown; currency: string }>`
        select shop_id, id, body, evaluation, base, total_paid, refunded, region, distributor_id, placed_at, currency from orders
        where refunded > 0 and distributor_id is not null and shop_id || '/' || id > ${after}
        order by shop_id || '/' || id limit 500`.execute(db)
    ).rows;
    if (orders.length === 0) break;
    for (const o of orders) {
      after = `${o.shop_id}/${o.id}`;
      const refunds = (
        await sql<{ amount: unknown; items: string | null }>`select amount, items from refunds where shop_id = ${o.shop_id} and order_id = ${o.id} order by created_at, id`.execute(db)
      ).rows.map((r) => ({ amount: r.amount === null ? null : Number(r.amount), items: r.items ? (JSON.parse(r.items) as { sku: string; quantity: number }[]) : null }));
      const items = (JSON.parse(o.body) as { items: { sku: string; quantity: number }[] }).items;
      const lineBases = (JSON.parse(o.evaluation) as { lineBases: number[] }).lineBases;
      const totalPaid = Number(o.total_paid);
      const refunded = Number(o.refunded);
      const base = Number(o.base);
      const full = totalPaid > 0 && refunded >= totalPaid;
      const bought = new Map<string, number>();
      const skuBase = new Map<string, bigint>();
      items.forEach((line, i) => {
        bought.set(line.sku, (bought.get(line.sku) ?? 0) + line.quantity);
        skuBase.set(line.sku, (skuBase.get(line.sku) ?? 0n) + BigInt(lineBases[i] ?? 0));
      });
      const units = new Map<string, number>();
      let amountOnly = 0n;
      for (const r of refunds) {
        if (r.items && r.items.length > 0) for (const it of r.items) units.set(it.sku, (units.get(it.sku) ?? 0) + it.quantity);
        else amountOnly += BigInt(r.amount ?? 0);
      }
      const deltas: { dim: string; key: string; orders: number; sales: number }[] = [];
      let taken = 0n;
      for (const [sku, b] of skuBase) {
        const have = BigInt(bought.get(sku) ?? 0);
        const gone = BigInt(Math.min(units.get(sku) ?? 0, Number(have)));
        let take = have > 0n ? (b * gone) / have : 0n;
        if (totalPaid > 0) take += (b * amountOnly) / BigInt(totalPaid);
        if (take > b) take = b;
        taken += take;
        const left = full ? { orders: 0, sales: 0n } : { orders: have > 0n && gone >= have ? 0 : 1, sales: b - take };
        deltas.push({ dim: 'product', key: sku, orders: left.orders - 1, sales: Number(left.sales - b) });
      }
      const whole = full ? { orders: 0, sales: 0 } : { orders: 1, sales: Math.max(0, base - Number(taken)) };
      const d = { orders: whole.orders - 1, sales: whole.sales - base };
      deltas.push({ dim: 'day', key: '', ...d }, { dim: 'distributor', key: o.distributor_id, ...d }, { dim: 'region', key: o.region ?? '', ...d });
      const day = new Date(Number(o.placed_at)).toISOString().slice(0, 10);
      for (const x of deltas) {
        if (x.orders === 0 && x.sales === 0) continue;
        await sql`update daily_sales set orders = orders + ${x.orders}, sales = sales + ${x.sales}
          where shop_id = ${o.shop_id} and dim = ${x.dim} and day = ${day} and key = ${x.key} and currency = ${o.currency}`.execute(db);
      }
    }
  }
}
