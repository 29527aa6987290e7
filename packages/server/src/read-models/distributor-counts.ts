import { sql, type Kysely } from 'kysely';
import type { Executor } from '../db';
import type { DistributorAdded, DistributorStatusChanged } from './events';

export type { DistributorCountsTable } from '../db/admin-tables';

/**
 * Adds `delta` distributors of `status` to the shop's counts (an upsert per
 * status, in a fixed order). The dashboard's table reads its total here
 * instead of counting every distributor of the shop.
 */
export async function bumpCounts(tx: Executor, shopId: string, changes: { status: string; delta: number }[]): Promise<void> {
  const merged = new Map<string, number>();
  for (const c of changes) merged.set(c.status, (merged.get(c.status) ?? 0) + c.delta);
  for (const status of [...merged.keys()].sort()) {
    const delta = merged.get(status)!;
    if (delta === 0) continue;
    await sql`insert into distributor_counts (shop_id, status, n) values (${shopId}, ${status}, ${delta})
      on conflict (shop_id, status) do update set n = distributor_counts.n + excluded.n`.execute(tx);
  }
}

/** `distributor.added`: one more of its status. */
export async function countsOnDistributorAdded(tx: Executor, event: DistributorAdded): Promise<void> {
  await bumpCounts(tx, event.shopId, [{ status: event.status, delta: 1 }]);
}

/** `distributor.status_changed`: one less of the old status, one more of the new. */
export async function countsOnStatusChanged(tx: Executor, event: DistributorStatusChanged): Promise<void> {
  await bumpCounts(tx, event.shopId, [
    { status: event.from, delta: -1 },
    { status: event.to, delta: 1 },
  ]);
}

/** The shop's distributors (of one status, or all): one indexed read of at most a row per status. */
export async function countOf(db: Executor, shopId: string, status?: string): Promise<number> {
  let q = db.selectFrom('distributor_counts').select(sql<number>`coalesce(sum(n), 0)`.as('n')).where('shop_id', '=', shopId);
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** Recounts the distributors of one shop, or of every shop, from the rows. */
export async function rebuildDistributorCounts(db: Kysely<any>, shopId?: string): Promise<void> {
  const only = shopId === undefined ? sql`` : sql`where shop_id = ${shopId}`;
  await sql`delete from distributor_counts ${only}`.execute(db);
  await sql`insert into distributor_counts (shop_id, status, n) select shop_id, status, count(*) from distributors ${only} group by shop_id, status`.execute(db);
}
