import type { Executor } from '../db';

/**
 * The first of an order's discount codes that is a twotier coupon
 * (`POST /v1/coupons`), as twotier stores it. Platforms compare discount
 * codes without regard to case, and so does this.
 */
export async function findTwotierCoupon(db: Executor, shopId: string, codes: readonly string[]): Promise<string | undefined> {
  const wanted = [...new Set(codes.map((c) => c.trim()).filter((c) => c.length > 0 && c.length <= 64))];
  if (wanted.length === 0) return undefined;
  const rows = await db
    .selectFrom('coupons')
    .select('code')
    .where('shop_id', '=', shopId)
    .where((eb) => eb(eb.fn('lower', ['code']), 'in', wanted.map((c) => c.toLowerCase())))
    .execute();
  for (const code of wanted) {
    const hit = rows.find((r) => r.code.toLowerCase() === code.toLowerCase());
    if (hit) return hit.code;
  }
  return undefined;
}
