import { gradeForSales, programAmountsIn } from '@twotier/core';
import type { ShopRecord } from '../context';
import type { Db } from '../db';
import { applyUpgrade } from './run-bonuses';
import { periodAt } from './periods';
import { salesByDistributor } from './period-sales';

/**
 * Automatic grade upgrade right after an attributed order: when the
 * distributor's own sales in the current bonus period now reach a higher
 * grade's threshold, they move up (never down). Sales are measured per
 * currency against that currency's thresholds, never added across
 * currencies. Reads first and writes only when an upgrade is due (a
 * conditional update, so concurrent orders upgrade once); programs without
 * thresholds pay nothing for it.
 */
export async function upgradeAfterOrder(db: Db, shop: ShopRecord, distributorId: string | null | undefined, placedAt: number): Promise<void> {
  const withThresholds = shop.currencies.filter((currency) => programAmountsIn(shop.program, { currency, defaultCurrency: shop.currency }).upgradeAtSales.size > 0);
  if (!distributorId || withThresholds.length === 0) return;
  const d = await db.kysely.selectFrom('distributors').select(['id', 'grade', 'status']).where('shop_id', '=', shop.id).where('id', '=', distributorId).executeTakeFirst();
  if (!d || d.status !== 'active') return;
  const period = periodAt(shop.program.bonusPeriod, placedAt);
  const byCurrency = await salesByDistributor(db.kysely, shop.id, period.start, period.end, distributorId);
  let grade = d.grade;
  for (const currency of withThresholds) {
    const sales = byCurrency.get(currency)?.get(distributorId) ?? 0;
    if (gradeForSales(shop.program, grade, sales, { currency, defaultCurrency: shop.currency }) === grade) continue;
    const upgraded = await db.writeTx((tx) => applyUpgrade(tx, shop, { ...d, grade }, sales, currency));
    if (upgraded) grade = upgraded.to;
  }
}
