import type { Distributor, distributorListQuerySchema } from '@twotier/core/schema';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../db';
import { listDistributors } from '../services/distributor-list';

/** A distributor with the numbers the dashboard's table shows. */
export interface DistributorRow extends Distributor {
  parentCode: string | null;
  recruits: number;
  /** Attributed sales, net of refunds, minor units. */
  sales: number;
  orders: number;
  /** Commissions earned at both levels, net of reversals, minor units. */
  commissions: number;
  /** The last attributed order or click, ISO, or null. */
  lastActivityAt: string | null;
}

/** A page of {@link DistributorRow}. */
export interface DistributorTablePage {
  data: DistributorRow[];
  nextCursor: string | null;
  /** Distributors matching the filter (not only this page); `null` for a text search, which would cost a second scan. */
  total: number | null;
}

type Query = z.output<typeof distributorListQuerySchema>;

/**
 * The API's keyset page of distributors, each row completed with its
 * parent's code, recruits, sales, commissions and last activity: a handful
 * of indexed lookups for the page's ids only, so the 1st and the 2,000th
 * page of 100,000 distributors cost the same.
 */
export async function distributorTable(db: Executor, shopId: string, query: Query): Promise<DistributorTablePage> {
  const [page, total] = await Promise.all([
    listDistributors(db, shopId, query),
    query.q ? Promise.resolve(null) : countDistributors(db, shopId, query),
  ]);
  return { data: await enrichDistributors(db, shopId, page.data), nextCursor: page.nextCursor, total };
}

/** Completes distributors with their parent's code, recruits, sales, commissions and last activity (indexed lookups by id). */
export async function enrichDistributors(db: Executor, shopId: string, list: Distributor[]): Promise<DistributorRow[]> {
  const ids = list.map((d) => d.id);
  const parentIds = [...new Set(list.map((d) => d.parentId).filter((x): x is string => x !== null))];
  const codes = list.map((d) => d.code);
  const none = [''];
  const [parents, recruits, sales, commissions, touches] = await Promise.all([
    db.selectFrom('distributors').select(['id', 'code']).where('shop_id', '=', shopId).where('id', 'in', parentIds.length ? parentIds : none).execute(),
    db.selectFrom('distributors').select(['parent_id', sql<number>`count(*)`.as('n')]).where('shop_id', '=', shopId).where('parent_id', 'in', ids.length ? ids : none).groupBy('parent_id').execute(),
    db.selectFrom('orders')
      .select(['distributor_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(total_paid - refunded), 0)`.as('sales'), sql<number>`max(placed_at)`.as('last')])
      .where('shop_id', '=', shopId).where('distributor_id', 'in', ids.length ? ids : none).groupBy('distributor_id').execute(),
    db.selectFrom('commissions')
      .select(['distributor_id', sql<number>`coalesce(sum(amount - reversed), 0)`.as('amount')])
      .where('shop_id', '=', shopId).where('distributor_id', 'in', ids.length ? ids : none).groupBy('distributor_id').execute(),
    db.selectFrom('touches').select(['code', sql<number>`max(at)`.as('last')]).where('shop_id', '=', shopId).where('code', 'in', codes.length ? codes : none).groupBy('code').execute(),
  ]);
  const parentCode = new Map(parents.map((p) => [p.id, p.code]));
  const recruitsOf = new Map(recruits.map((r) => [r.parent_id, Number(r.n)]));
  const salesOf = new Map(sales.map((s) => [s.distributor_id, s]));
  const commissionsOf = new Map(commissions.map((s) => [s.distributor_id, Number(s.amount)]));
  const touchOf = new Map(touches.map((t) => [t.code, Number(t.last)]));
  return list.map((d): DistributorRow => {
    const s = salesOf.get(d.id);
    const last = Math.max(s ? Number(s.last) : 0, touchOf.get(d.code) ?? 0);
    return {
      ...d,
      parentCode: d.parentId ? (parentCode.get(d.parentId) ?? null) : null,
      recruits: recruitsOf.get(d.id) ?? 0,
      sales: s ? Number(s.sales) : 0,
      orders: s ? Number(s.n) : 0,
      commissions: commissionsOf.get(d.id) ?? 0,
      lastActivityAt: last > 0 ? new Date(last).toISOString() : null,
    };
  });
}

/** How many distributors match the filter; an index-only count. */
async function countDistributors(db: Executor, shopId: string, query: Query): Promise<number> {
  let q = db.selectFrom('distributors').select(sql<number>`count(*)`.as('n')).where('shop_id', '=', shopId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.parentId) q = q.where('parent_id', '=', query.parentId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
