import type { Commission, Order, OrderCreate, OrderResult } from '@twotier/core/schema';
import type { Executor } from '../db';
import type { CommissionTable, OrderTable } from '../db/schema';
import { iso } from '../util/time';

/** A commission row as the API shows it (`explanation`: the row's, parsed already, when the caller has it). */
export const toCommission = (row: CommissionTable, explanation?: Commission['explanation']): Commission => ({
  id: row.id,
  orderId: row.order_id,
  distributorId: row.distributor_id,
  level: Number(row.level) === 2 ? 2 : 1,
  currency: row.currency,
  amount: Number(row.amount),
  reversed: Number(row.reversed),
  status: row.status,
  explanation: explanation ?? (JSON.parse(row.explanation) as Commission['explanation']),
  availableAt: iso(Number(row.available_at)),
  createdAt: iso(Number(row.created_at)),
});

/** An order row as the API shows it (`body`: the row's, parsed already, when the caller has it). */
export const toOrder = (row: OrderTable, body: OrderCreate = JSON.parse(row.body) as OrderCreate): Order => {
  return {
    id: row.id,
    currency: row.currency,
    items: body.items,
    discount: body.discount ?? 0,
    shipping: body.shipping ?? 0,
    tax: body.tax ?? 0,
    base: Number(row.base),
    totalPaid: Number(row.total_paid),
    refunded: Number(row.refunded),
    customer: body.customer ?? null,
    region: row.region,
    attribution: row.attribution ? (JSON.parse(row.attribution) as Order['attribution']) : null,
    placedAt: iso(Number(row.placed_at)),
    createdAt: iso(Number(row.created_at)),
  };
};

/** The stored result of an order: what its first POST answered, with current statuses. */
export async function loadOrderResult(tx: Executor, shopId: string, order: OrderTable): Promise<OrderResult> {
  const commissions = await tx
    .selectFrom('commissions')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', '=', order.id)
    .orderBy('level')
    .execute();
  return {
    order: toOrder(order),
    commissions: commissions.map((row) => toCommission(row)),
    notPaid: JSON.parse(order.not_paid) as OrderResult['notPaid'],
  };
}
