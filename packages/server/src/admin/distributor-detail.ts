import type { Executor } from '../db';
import { notFound } from '../domain/errors';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { toDistributor } from '../services/distributors';
import { distributorTable, enrichDistributors, type DistributorRow, type DistributorTablePage } from './distributor-table';

/** A distributor's two levels: their parent above, their recruits below. Never deeper. */
export interface DistributorTree {
  distributor: DistributorRow;
  parent: DistributorRow | null;
  recruits: DistributorTablePage;
}

/** The tree of one distributor, recruits paged like the table. */
export async function distributorTree(db: Executor, shopId: string, id: string, cursor?: string): Promise<DistributorTree> {
  const row = await db.selectFrom('distributors').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`distributor ${id}`);
  const parentRow = row.parent_id ? await db.selectFrom('distributors').selectAll().where('shop_id', '=', shopId).where('id', '=', row.parent_id).executeTakeFirst() : undefined;
  const [rows, recruits] = await Promise.all([
    enrichDistributors(db, shopId, [toDistributor(row), ...(parentRow ? [toDistributor(parentRow)] : [])]),
    distributorTable(db, shopId, { parentId: id, sort: 'code', limit: 50, ...(cursor ? { cursor } : {}) } as never),
  ]);
  return { distributor: rows[0]!, parent: rows[1] ?? null, recruits };
}

/** One ledger entry as the dashboard shows it. */
export interface LedgerLine {
  id: string;
  bucket: string;
  kind: string;
  amount: number;
  currency: string;
  commissionId: string | null;
  withdrawalId: string | null;
  note: string | null;
  createdAt: string;
}

/** A distributor's ledger, newest first, by keyset cursor. */
export async function distributorLedger(db: Executor, shopId: string, id: string, limit: number, cursor?: string): Promise<{ data: LedgerLine[]; nextCursor: string | null }> {
  let q = db.selectFrom('ledger_entries').selectAll().where('shop_id', '=', shopId).where('distributor_id', '=', id);
  if (cursor) {
    const c = decodeCursor(cursor);
    const at = Number(c.value);
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.id,
      bucket: r.bucket,
      kind: r.kind,
      amount: Number(r.amount),
      currency: r.currency,
      commissionId: r.commission_id,
      withdrawalId: r.withdrawal_id,
      note: r.note,
      createdAt: new Date(Number(r.created_at)).toISOString(),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(Number(last.created_at), last.id) : null,
  };
}

/** The coupon codes that attribute to a distributor. */
export async function distributorCoupons(db: Executor, shopId: string, id: string): Promise<{ code: string; createdAt: string }[]> {
  const rows = await db.selectFrom('coupons').select(['code', 'created_at']).where('shop_id', '=', shopId).where('distributor_id', '=', id).orderBy('created_at').limit(200).execute();
  return rows.map((r) => ({ code: r.code, createdAt: new Date(Number(r.created_at)).toISOString() }));
}
