import type { SettlementResult } from '@twotier/core/schema';
import type { Db } from '../db';
import { applyEvents } from '../read-models';
import { appendEntries, move, type Entry } from './ledger';
import { emitAvailable } from '../webhooks/domain-events';

const BATCH = 500;

/**
 * Moves commissions whose hold period has ended from pending to available:
 * the status changes with a conditional `UPDATE … WHERE status = 'pending'`
 * (rows picked with `FOR UPDATE SKIP LOCKED` in PostgreSQL), and the ledger
 * moves only for the rows this transaction changed, so with several
 * processes each commission is settled exactly once. The same transaction
 * raises `commissions.settled` for them (the dashboard's pending and
 * available figures follow). `shopId` limits it to
 * one shop; without, every shop is settled.
 */
export async function settleDue(db: Db, now: number, shopId?: string): Promise<SettlementResult> {
  let settled = 0;
  let amount = 0;
  for (;;) {
    const batch = await db.writeTx(async (tx) => {
      let pick = tx
        .selectFrom('commissions')
        .select(['shop_id', 'id'])
        .where('status', '=', 'pending')
        .where('available_at', '<=', now)
        .orderBy('available_at')
        .limit(BATCH);
      if (shopId) pick = pick.where('shop_id', '=', shopId);
      if (db.forUpdate) pick = pick.forUpdate().skipLocked();
      const due = await pick.execute();
      if (due.length === 0) return { count: 0, amount: 0, more: false };
      const changed = [];
      for (const byShop of groupBy(due)) {
        const rows = await tx
          .updateTable('commissions')
          .set({ status: 'available' })
          .where('shop_id', '=', byShop.shopId)
          .where('id', 'in', byShop.ids)
          .where('status', '=', 'pending')
          .returning(['shop_id', 'id', 'distributor_id', 'level', 'amount', 'reversed', 'currency', 'created_at'])
          .execute();
        changed.push(...rows);
      }
      let total = 0;
      for (const byShop of groupBy(changed.map((r) => ({ shop_id: r.shop_id, id: r.id })))) {
        const entries: Entry[] = [];
        for (const r of changed.filter((c) => c.shop_id === byShop.shopId)) {
          const net = Number(r.amount) - Number(r.reversed);
          total += net;
          entries.push(
            ...move({ distributorId: r.distributor_id, kind: 'settlement', currency: r.currency, commissionId: r.id, dedupeKey: `settle:${r.id}` }, 'pending', 'available', net),
          );
        }
        await appendEntries(tx, byShop.shopId, entries, now);
        await emitAvailable(tx, byShop.shopId, changed.filter((c) => c.shop_id === byShop.shopId), now);
      }
      // the dashboard's figures: each commission's net moves from pending to available
      const settledCommissions = changed.map((r) => ({ shopId: r.shop_id, level: Number(r.level), currency: r.currency, createdAt: Number(r.created_at), net: Number(r.amount) - Number(r.reversed) }));
      await applyEvents(tx, [{ type: 'commissions.settled', commissions: settledCommissions }]);
      return { count: changed.length, amount: total, more: due.length === BATCH };
    });
    settled += batch.count;
    amount += batch.amount;
    if (!batch.more) break;
  }
  return { settled, amount };
}

function groupBy(rows: { shop_id: string; id: string }[]): { shopId: string; ids: string[] }[] {
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.shop_id, [...(map.get(r.shop_id) ?? []), r.id]);
  return [...map].map(([shopId, ids]) => ({ shopId, ids }));
}
