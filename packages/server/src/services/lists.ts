import type { CommissionListQuery, CommissionPage, WithdrawalListQuery, WithdrawalPage } from '@twotier/core/schema';
import type { Executor } from '../db';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { toCommission } from './order-view';
import { toWithdrawal } from './withdrawals';

/** Commissions of a shop, newest first, by keyset cursor. */
export async function listCommissions(db: Executor, shopId: string, query: CommissionListQuery & { limit: number }): Promise<CommissionPage> {
  let q = db.selectFrom('commissions').selectAll().where('shop_id', '=', shopId);
  if (query.distributorId) q = q.where('distributor_id', '=', query.distributorId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.orderId) q = q.where('order_id', '=', query.orderId);
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    const at = Number(value);
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map((row) => toCommission(row)), nextCursor: rows.length > query.limit && last ? encodeCursor(Number(last.created_at), last.id) : null };
}

/** Withdrawals of a shop, oldest first (the order they are paid in), by keyset cursor. */
export async function listWithdrawals(db: Executor, shopId: string, query: WithdrawalListQuery & { limit: number }): Promise<WithdrawalPage> {
  let q = db.selectFrom('withdrawals').selectAll().where('shop_id', '=', shopId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.distributorId) q = q.where('distributor_id', '=', query.distributorId);
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    const at = Number(value);
    q = q.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]));
  }
  const rows = await q.orderBy('created_at').orderBy('id').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map(toWithdrawal), nextCursor: rows.length > query.limit && last ? encodeCursor(Number(last.created_at), last.id) : null };
}
