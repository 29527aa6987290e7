import type { ShopRecord } from '../context';
import type { Db } from '../db';
import { applyUpgrade } from './run-bonuses';
import { periodAt } from './periods';
import { salesByDistributor } from './period-sales';

/**
 * Automatic grade upgrade right after an attributed order: when the
 * distributor's own sales in the current bonus period now reach a higher
 * grade's `upgradeAtSales`, they move up (never down). A no-op for programs
 * without upgrade thresholds, so orders of other shops pay nothing for it.
 */
export async function upgradeAfterOrder(db: Db, shop: ShopRecord, distributorId: string | null | undefined, placedAt: number): Promise<void> {
  if (!distributorId || !shop.program.grades.some((g) => g.upgradeAtSales !== undefined)) return;
  const period = periodAt(shop.program.bonusPeriod, placedAt);
  await db.writeTx(async (tx) => {
    const d = await tx.selectFrom('distributors').select(['id', 'grade', 'status']).where('shop_id', '=', shop.id).where('id', '=', distributorId).executeTakeFirst();
    if (!d) return;
    const sales = (await salesByDistributor(tx, shop.id, period.start, period.end, distributorId)).get(distributorId) ?? 0;
    await applyUpgrade(tx, shop, d, sales);
  });
}
