import type { Commission, orderListQuerySchema } from '@twotier/core/schema';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../db';
import { decodeCursor, encodeCursor } from '../util/cursor';

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
  commissions: {
    id: string;
    distributorId: string;
    /** Who earned it, for the dashboard to name and link. */
    distributorCode: string | null;
    distributorName: string | null;
    level: number;
    amount: number;
    reversed: number;
    status: string;
    /** The engine's English summary, kept for logs and the API. */
    summary: string;
    /** The lines and cap of the explanation, for core's `describeCommission`. */
    explanation: Commission['explanation'];
  }[];
  /** Why a level was not paid (the engine's reasons, for core's `describeNotPaid`), and who they name. */
  notPaid: { level: number; reason: string }[];
  people: Record<string, { code: string; name: string }>;
  refunds: { id: string; amount: number | null; createdAt: string; reversed: number }[];
}

/**
 * Orders newest first with their commissions and refunds, filtered by
 * distributor, dates and status; keyset paged on (placed_at, id).
 */
export async function listOrders(db: Executor, shopId: string, query: z.output<typeof orderListQuerySchema>): Promise<{ data: OrderRow[]; nextCursor: string | null }> {
  let q = db.selectFrom('orders').select(['id', 'currency', 'total_paid', 'base', 'refunded', 'region', 'distributor_id', 'attribution', 'placed_at', 'not_paid']).where('shop_id', '=', shopId);
  if (query.distributorId) q = q.where('distributor_id', '=', query.distributorId);
  if (query.from) q = q.where('placed_at', '>=', Date.parse(`${query.from}T00:00:00Z`));
  if (query.to) q = q.where('placed_at', '<', Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  if (query.status === 'attributed') q = q.where('distributor_id', 'is not', null);
  if (query.status === 'organic') q = q.where('distributor_id', 'is', null);
  if (query.status === 'refunded') q = q.where('refunded', '>', 0);
  // an id, or its start (LIKE wildcards in it taken literally)
  if (query.q) q = q.where(sql<boolean>`id like ${`${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`} escape '\\'`);
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
  // Who the commissions and the not-paid reasons name, by id.
  const named = new Set<string>(commissions.map((c) => c.distributor_id));
  for (const r of page) for (const m of r.not_paid.matchAll(/\b(?:distributor|parent) (\S+?)(?=[ ,:])/g)) named.add(m[1]!);
  const people: Record<string, { code: string; name: string }> = {};
  if (named.size) {
    const rows = await db.selectFrom('distributors').select(['id', 'code', 'name']).where('shop_id', '=', shopId).where('id', 'in', [...named]).execute();
    for (const d of rows) people[d.id] = { code: d.code, name: d.name };
  }
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
        .map((c) => {
          const e = JSON.parse(c.explanation) as { summary?: unknown } & Commission['explanation'];
          const who = people[c.distributor_id];
          return {
            id: c.id,
            distributorId: c.distributor_id,
            distributorCode: who?.code ?? null,
            distributorName: who?.name ?? null,
            level: c.level,
            amount: Number(c.amount),
            reversed: Number(c.reversed),
            status: c.status,
            summary: String(e.summary ?? ''),
            explanation: { lines: e.lines ?? [], cap: e.cap ?? null },
          };
        }),
      notPaid: JSON.parse(r.not_paid) as { level: number; reason: string }[],
      people: Object.fromEntries(Object.entries(people).filter(([id]) => r.not_paid.includes(id) || commissions.some((c) => c.order_id === r.id && c.distributor_id === id))),
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
