import { gradeForSales } from '@twotier/core';
import type { ShopRecord } from '../context';
import type { Db } from '../db';
import { applyUpgrade } from './run-bonuses';
import { periodAt } from './periods';
import { salesByDistributor } from './period-sales';

/**
 * Automatic grade upgrade right after an attributed order: when the
 * distributor's own sales in the current bonus period now reach a higher
 * grade's `upgradeAtSales`, they move up (never down). Reads first and
 * writes only when an upgrade is due (a conditional update, so concurrent
 * orders upgrade once); programs without thresholds pay nothing for it.
 */
export async function upgradeAfterOrder(db: Db, shop: ShopRecord, distributorId: string | null | undefined, placedAt: number): Promise<void> {
  if (!distributorId || !shop.program.grades.some((g) => g.upgradeAtSales !== undefined)) return;
  const d = await db.kysely.selectFrom('distributors').select(['id', 'grade', 'status']).where('shop_id', '=', shop.id).where('id', '=', distributorId).executeTakeFirst();
  if (!d || d.status !== 'active') return;
  const period = periodAt(shop.program.bonusPeriod, placedAt);
  const sales = (await salesByDistributor(db.kysely, shop.id, period.start, period.end, distributorId)).get(distributorId) ?? 0;
  if (gradeForSales(shop.program, d.grade, sales) === d.grade) return;
  await db.writeTx((tx) => applyUpgrade(tx, shop, d, sales));
}
