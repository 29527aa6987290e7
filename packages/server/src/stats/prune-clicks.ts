import type { Db } from '../db';
import { DAY_MS } from '../util/time';

const BATCH = 5_000;

/**
 * Deletes raw clicks (touches) older than each shop's `clickRetentionDays`
 * (never inside the program's attribution window),
 * in small batches so no transaction holds the writer long. The daily
 * rollups keep their counts; shops without a retention keep every click.
 * Returns how many were deleted.
 */
export async function pruneClicks(db: Db, now: number): Promise<number> {
  const shops = await db.kysely
    .selectFrom('shop_settings')
    .innerJoin('shops', 'shops.id', 'shop_settings.shop_id')
    .select(['shop_settings.shop_id', 'shop_settings.click_retention_days', 'shops.program'])
    .where('shop_settings.click_retention_days', 'is not', null)
    .execute();
  let deleted = 0;
  for (const s of shops) {
    // never prune clicks that attribution may still read, even if the window grew after the setting
    const window = Number((JSON.parse(s.program) as { attributionWindowDays?: number }).attributionWindowDays ?? 30);
    const before = now - Math.max(Number(s.click_retention_days), window) * DAY_MS;
    for (;;) {
      const n = await db.writeTx(async (tx) => {
        const result = await tx
          .deleteFrom('touches')
          .where('shop_id', '=', s.shop_id)
          .where('event_id', 'in', (eb) =>
            eb.selectFrom('touches').select('event_id').where('shop_id', '=', s.shop_id).where('at', '<', before).limit(BATCH),
          )
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      });
      deleted += n;
      if (n < BATCH) break;
    }
  }
  return deleted;
}
