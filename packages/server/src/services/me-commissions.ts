import type { CommissionPage, MyCommission, MyCommissionPage } from '@twotier/core/schema';
import type { Executor } from '../db';
import { iso } from '../util/time';

/**
 * Adds to a page of the distributor's commissions what the share panel needs to
 * say why a line is what it is ("from your recruit Bob", "reversed by refund
 * R-7 of order A-1001"). Two queries for the whole page, whatever its size.
 */
export async function withCommissionContext(db: Executor, shopId: string, page: CommissionPage): Promise<MyCommissionPage> {
  const level2 = [...new Set(page.data.filter((c) => c.level === 2).map((c) => c.orderId))];
  const reversed = [...new Set(page.data.filter((c) => c.reversed > 0).map((c) => c.orderId))];
  const recruits = level2.length
    ? await db
        .selectFrom('orders as o')
        .innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 'o.shop_id').onRef('d.id', '=', 'o.distributor_id'))
        .select(['o.id as order_id', 'd.id', 'd.name'])
        .where('o.shop_id', '=', shopId)
        .where('o.id', 'in', level2)
        .execute()
    : [];
  const refunds = reversed.length
    ? await db
        .selectFrom('refunds')
        .select(['id', 'order_id', 'reversals', 'created_at'])
        .where('shop_id', '=', shopId)
        .where('order_id', 'in', reversed)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const data = page.data.map((c): MyCommission => {
    const out: MyCommission = { ...c };
    if (c.level === 2) {
      const r = recruits.find((x) => x.order_id === c.orderId);
      out.recruit = r ? { id: r.id, displayName: r.name } : null;
    }
    if (c.reversed > 0) {
      out.refunds = refunds.flatMap((row) => {
        if (row.order_id !== c.orderId) return [];
        const part = (JSON.parse(row.reversals) as { commissionId: string; amount: number }[]).find((x) => x.commissionId === c.id);
        return part && part.amount ? [{ id: row.id, amount: Number(part.amount), at: iso(Number(row.created_at)) }] : [];
      });
    }
    return out;
  });
  return { data, nextCursor: page.nextCursor };
}
