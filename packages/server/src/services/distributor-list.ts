import type { DistributorPage, distributorListQuerySchema } from '@twotier/core/schema';
import type { z } from 'zod';
import type { Executor } from '../db';
import { decodeCursor, encodeCursor } from '../util/cursor';
import { toDistributor } from './distributors';
import { searchCondition } from '../read-models/distributor-search';

type Query = z.output<typeof distributorListQuerySchema>;

const SORT_COLUMN = { createdAt: 'created_at', '-createdAt': 'created_at', code: 'code', name: 'name' } as const;

/**
 * A page of a shop's distributors, searched by code, name or email, sorted,
 * and paged by keyset (the cursor names the last row's sort value and id),
 * so deep pages cost the same as the first.
 */
export async function listDistributors(db: Executor, shopId: string, query: Query): Promise<DistributorPage> {
  const column = SORT_COLUMN[query.sort];
  const desc = query.sort.startsWith('-');
  let q = db.selectFrom('distributors').selectAll().where('shop_id', '=', shopId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.parentId) q = q.where('parent_id', '=', query.parentId);
  if (query.q) q = q.where(searchCondition(db, shopId, query.q, { id: 'id', code: 'code', name: 'name', email: 'email' }));
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    const op = desc ? '<' : '>';
    q = q.where((eb) => eb.or([eb(column, op, value as never), eb.and([eb(column, '=', value as never), eb('id', op, id)])]));
  }
  const limit = query.limit;
  const rows = await q
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(column === 'created_at' ? Number(last.created_at) : last[column], last.id) : null;
  return { data: page.map(toDistributor), nextCursor };
}
