import type { Executor } from '../db';
import { num } from '../util/time';

/** Sales per currency, then per distributor: amounts of different currencies are never added together. */
export type SalesByCurrency = Map<string, Map<string, number>>;

/**
 * Net attributed sales per currency and distributor in `[start, end)`: each
 * order's commission base, less the share refunded (base × refunded ÷ total
 * paid, rounded half up, exact in BigInt). Verified orders only: every
 * stored order is verified. Each currency's sales are summed apart, so a
 * bonus threshold or a grade threshold is only ever measured in its own
 * currency.
 */
export async function salesByDistributor(tx: Executor, shopId: string, start: number, end: number, distributorId?: string): Promise<SalesByCurrency> {
  let q = tx
    .selectFrom('orders')
    .select(['currency', 'distributor_id', (eb) => eb.fn.sum<number>('base').as('base')])
    .where('shop_id', '=', shopId)
    .where('distributor_id', 'is not', null)
    .where('placed_at', '>=', start)
    .where('placed_at', '<', end)
    .groupBy(['currency', 'distributor_id']);
  if (distributorId) q = q.where('distributor_id', '=', distributorId);
  const sums = await q.execute();
  const out: SalesByCurrency = new Map();
  const of = (currency: string) => {
    let m = out.get(currency);
    if (!m) out.set(currency, (m = new Map()));
    return m;
  };
  for (const r of sums) if (r.distributor_id) of(r.currency).set(r.distributor_id, num(r.base));

  let refunded = tx
    .selectFrom('orders')
    .select(['currency', 'distributor_id', 'base', 'total_paid', 'refunded'])
    .where('shop_id', '=', shopId)
    .where('distributor_id', 'is not', null)
    .where('placed_at', '>=', start)
    .where('placed_at', '<', end)
    .where('refunded', '>', 0);
  if (distributorId) refunded = refunded.where('distributor_id', '=', distributorId);
  for (const r of await refunded.execute()) {
    if (!r.distributor_id) continue;
    const base = BigInt(num(r.base));
    const paid = BigInt(num(r.total_paid));
    const back = paid === 0n ? base : (base * BigInt(num(r.refunded)) * 2n + paid) / (2n * paid);
    const m = of(r.currency);
    m.set(r.distributor_id, Math.max(0, (m.get(r.distributor_id) ?? 0) - Number(back > base ? base : back)));
  }
  return out;
}
