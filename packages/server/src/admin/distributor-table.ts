import type { Distributor, distributorListQuerySchema, distributorTableQuerySchema } from '@twotier/core/schema';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../db';
import { badRequest } from '../domain/errors';
import { listDistributors } from '../services/distributor-list';
import { toDistributor } from '../services/distributors';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { countOf } from '../read-models/distributor-counts';
import { searchCondition } from '../read-models/distributor-search';

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

/** Sorts by a distributor's totals (`-` for descending), mapped to the column of `distributor_totals`. */
const TOTALS_SORT = { sales: 'sales', commissions: 'commissions', recruits: 'recruits', lastActivity: 'last_activity_at' } as const;
type TotalsSort = keyof typeof TOTALS_SORT;

/** The table's query (core's `distributorTableQuerySchema`: the distributor list's, sortable by the totals too). */
type Query = z.output<typeof distributorTableQuerySchema>;
type ListQuery = z.output<typeof distributorListQuerySchema>;

const totalsSort = (sort: Query['sort']): TotalsSort | null => {
  const key = sort.replace(/^-/, '');
  return key in TOTALS_SORT ? (key as TotalsSort) : null;
};

/**
 * The keyset page of distributors, each row completed with its parent's
 * code and its totals (sales, commissions, recruits, last activity). Sorted
 * by a total, the page is read along that total's index with the id as
 * tie-break, so the 1st and the 2,000th page of 100,000 cost the same.
 */
export async function distributorTable(db: Executor, shopId: string, query: Query): Promise<DistributorTablePage> {
  const byTotal = totalsSort(query.sort);
  const [page, total] = await Promise.all([
    byTotal ? listByTotal(db, shopId, query, byTotal) : listDistributors(db, shopId, query as ListQuery),
    query.q ? Promise.resolve(null) : countDistributors(db, shopId, query),
  ]);
  return { data: await enrichDistributors(db, shopId, page.data), nextCursor: page.nextCursor, total };
}

/** A page sorted by one of the totals, then by id, paged by keyset on both. */
async function listByTotal(db: Executor, shopId: string, query: Query, sort: TotalsSort): Promise<{ data: Distributor[]; nextCursor: string | null }> {
  const column = `t.${TOTALS_SORT[sort]}` as const;
  const desc = query.sort.startsWith('-');
  // Without a text search, a cross join with the join condition in WHERE makes SQLite read the totals first,
  // along the sort index, and stop after a page (an inner join may scan every distributor and sort them).
  // A text search matches few rows: an inner join lets the planner find them first and sort only those.
  // PostgreSQL plans both alike.
  const from = db.selectFrom('distributor_totals as t');
  let q = (query.q ? from.innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 't.shop_id').onRef('d.id', '=', 't.distributor_id')) : from.crossJoin('distributors as d'))
    .whereRef('d.shop_id', '=', 't.shop_id')
    .whereRef('d.id', '=', 't.distributor_id')
    .selectAll('d')
    .select(sql<number>`${sql.ref(column)}`.as('sort_value'))
    .where('t.shop_id', '=', shopId);
  if (query.status) q = q.where('d.status', '=', query.status);
  if (query.parentId) q = q.where('d.parent_id', '=', query.parentId);
  if (query.q) q = q.where(searchCondition(db, shopId, query.q, { id: 'd.id', code: 'd.code', name: 'd.name', email: 'd.email' }));
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    if (typeof value !== 'number') throw badRequest('invalid cursor: pass nextCursor from the previous page unchanged');
    const op = desc ? '<' : '>';
    q = q.where((eb) => eb.or([eb(column, op, value), eb.and([eb(column, '=', value), eb('t.distributor_id', op, id)])]));
  }
  const rows = await q
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('t.distributor_id', desc ? 'desc' : 'asc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor(Number(last.sort_value), last.id) : null;
  return { data: page.map(({ sort_value: _, ...d }) => toDistributor(d)), nextCursor };
}

/** Completes distributors with their parent's code and their totals (indexed lookups by id). */
export async function enrichDistributors(db: Executor, shopId: string, list: Distributor[]): Promise<DistributorRow[]> {
  const ids = list.map((d) => d.id);
  const parentIds = [...new Set(list.map((d) => d.parentId).filter((x): x is string => x !== null))];
  const none = [''];
  const [parents, totals] = await Promise.all([
    db.selectFrom('distributors').select(['id', 'code']).where('shop_id', '=', shopId).where('id', 'in', parentIds.length ? parentIds : none).execute(),
    db.selectFrom('distributor_totals').selectAll().where('shop_id', '=', shopId).where('distributor_id', 'in', ids.length ? ids : none).execute(),
  ]);
  const parentCode = new Map(parents.map((p) => [p.id, p.code]));
  const totalsOf = new Map(totals.map((t) => [t.distributor_id, t]));
  return list.map((d): DistributorRow => {
    const t = totalsOf.get(d.id);
    const last = t ? Number(t.last_activity_at) : 0;
    return {
      ...d,
      parentCode: d.parentId ? (parentCode.get(d.parentId) ?? null) : null,
      recruits: t ? Number(t.recruits) : 0,
      sales: t ? Number(t.sales) : 0,
      orders: t ? Number(t.orders) : 0,
      commissions: t ? Number(t.commissions) : 0,
      lastActivityAt: last > 0 ? new Date(last).toISOString() : null,
    };
  });
}

/**
 * How many distributors match the filter: from the per-status counts, or,
 * for one parent's recruits, an index-only count of those.
 */
async function countDistributors(db: Executor, shopId: string, query: Query): Promise<number> {
  if (!query.parentId) return countOf(db, shopId, query.status);
  let q = db.selectFrom('distributors').select(sql<number>`count(*)`.as('n')).where('shop_id', '=', shopId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.parentId) q = q.where('parent_id', '=', query.parentId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
