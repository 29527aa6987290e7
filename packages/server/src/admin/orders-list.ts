import { z } from 'zod';
import type { Executor } from '../db';
import { decodeCursor, encodeCursor } from '../util/cursor';

/** `GET /v1/admin/orders` filters. */
export const orderListQuerySchema = z.object({
  distributorId: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  status: z.enum(['attributed', 'organic', 'refunded']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** An order with its commissions (and their explanations) and refunds. */
export interface OrderRow {
  id: string;
  currency: string;
  totalPaid: number;
  base: number;
  refunded: number;
  region: string | null;
  distributorId: string | null;
  distributorCode: string | null;
  attributionSource: string | null;
  placedAt: string;
  commissions: { id: string; distributorId: string; level: number; amount: number; reversed: number; status: string; summary: string }[];
  refunds: { id: string; amount: number | null; createdAt: string; reversed: number }[];
}

/**
 * Orders newest first with their commissions and refunds, filtered by
 * distributor, dates and status; keyset paged on (placed_at, id).
 */
export async function listOrders(db: Executor, shopId: string, query: z.output<typeof orderListQuerySchema>): Promise<{ data: OrderRow[]; nextCursor: string | null }> {
  let q = db.selectFrom('orders').select(['id', 'currency', 'total_paid', 'base', 'refunded', 'region', 'distributor_id', 'attribution', 'placed_at']).where('shop_id', '=', shopId);
  if (query.distributorId) q = q.where('distributor_id', '=', query.distributorId);
  if (query.from) q = q.where('placed_at', '>=', Date.parse(`${query.from}T00:00:00Z`));
  if (query.to) q = q.where('placed_at', '<', Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  if (query.status === 'attributed') q = q.where('distributor_id', 'is not', null);
  if (query.status === 'organic') q = q.where('distributor_id', 'is', null);
  if (query.status === 'refunded') q = q.where('refunded', '>', 0);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const at = Number(c.value);
    q = q.where((eb) => eb.or([eb('placed_at', '<', at), eb.and([eb('placed_at', '=', at), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('placed_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const ids = page.length ? page.map((r) => r.id) : [''];
  const [commissions, refunds] = await Promise.all([
    db.selectFrom('commissions').selectAll().where('shop_id', '=', shopId).where('order_id', 'in', ids).execute(),
    db.selectFrom('refunds').select(['id', 'order_id', 'amount', 'reversals', 'created_at']).where('shop_id', '=', shopId).where('order_id', 'in', ids).execute(),
  ]);
  const data = page.map((r): OrderRow => {
    const attribution = r.attribution ? (JSON.parse(r.attribution) as { code: string; source: string }) : null;
    return {
      id: r.id,
      currency: r.currency,
      totalPaid: Number(r.total_paid),
      base: Number(r.base),
      refunded: Number(r.refunded),
      region: r.region,
      distributorId: r.distributor_id,
      distributorCode: attribution?.code ?? null,
      attributionSource: attribution?.source ?? null,
      placedAt: new Date(Number(r.placed_at)).toISOString(),
      commissions: commissions
        .filter((c) => c.order_id === r.id)
        .sort((a, b) => a.level - b.level)
        .map((c) => ({
          id: c.id,
          distributorId: c.distributor_id,
          level: c.level,
          amount: Number(c.amount),
          reversed: Number(c.reversed),
          status: c.status,
          summary: String((JSON.parse(c.explanation) as { summary?: unknown }).summary ?? ''),
        })),
      refunds: refunds
        .filter((f) => f.order_id === r.id)
        .map((f) => ({
          id: f.id,
          amount: f.amount === null ? null : Number(f.amount),
          createdAt: new Date(Number(f.created_at)).toISOString(),
          reversed: (JSON.parse(f.reversals) as { amount?: number }[]).reduce((s, x) => s + (x.amount ?? 0), 0),
        })),
    };
  });
  const last = page[page.length - 1];
  return { data, nextCursor: rows.length > query.limit && last ? encodeCursor(Number(last.placed_at), last.id) : null };
}
