import type { Binding, Touch } from '@twotier/core';
import { sql } from 'kysely';
import type { Executor } from '../db';
import type { DistributorTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { DAY_MS } from '../util/time';
import { loadBinding } from './bindings';

/** Everything attribution and the chain need about one order, read before its transaction. */
export interface AttributionInputs {
  couponOwnerCode: string | null;
  binding: Binding | null;
  touches: Touch[];
  /** The buyer, when the buyer is a distributor (self-purchase). */
  buyer: DistributorTable | undefined;
  /** Candidate distributors by code (explicit, coupon, binding, touches). */
  distributors: Map<string, DistributorTable>;
  /** Parents of the candidates by id: level 2, never deeper. */
  parents: Map<string, DistributorTable>;
  /** The customer ordered before. */
  returning: boolean;
}

/** What of an order attribution reads. */
export interface AttributionOrder {
  referralCode?: string | undefined;
  couponCode?: string | undefined;
  visitorId?: string | undefined;
  customer?: { id?: string | undefined; email?: string | undefined } | undefined;
}

/** Reads the coupon, binding, touches and candidate distributors of an order. */
export async function loadAttributionInputs(
  db: Executor,
  shop: ShopRecord,
  order: AttributionOrder,
  keys: string[],
  placedAt: number,
): Promise<AttributionInputs> {
  const codes = new Set<string>();
  if (order.referralCode) codes.add(order.referralCode);

  let couponOwnerCode: string | null = null;
  if (order.couponCode) {
    const coupon = await db
      .selectFrom('coupons')
      .innerJoin('distributors', (j) =>
        j.onRef('distributors.shop_id', '=', 'coupons.shop_id').onRef('distributors.id', '=', 'coupons.distributor_id'),
      )
      .select('distributors.code')
      .where('coupons.shop_id', '=', shop.id)
      .where('coupons.code', '=', order.couponCode.trim())
      .executeTakeFirst();
    couponOwnerCode = coupon?.code ?? null;
    if (couponOwnerCode) codes.add(couponOwnerCode);
  }

  const binding = await loadBinding(db, shop.id, keys);
  if (binding) codes.add(binding.code);

  const touches: Touch[] = [];
  if (order.visitorId) {
    const rows = await db
      .selectFrom('touches')
      .select(['code', 'visitor_id', 'at', 'url', 'referrer'])
      .where('shop_id', '=', shop.id)
      .where('visitor_id', '=', order.visitorId)
      .where('at', '<=', placedAt)
      .where('at', '>=', placedAt - shop.program.attributionWindowDays * DAY_MS)
      .orderBy('at', 'desc')
      .limit(500)
      .execute();
    for (const r of rows) {
      touches.push({ code: r.code, visitorId: r.visitor_id, at: new Date(Number(r.at)), url: r.url, ...(r.referrer ? { referrer: r.referrer } : {}) });
      codes.add(r.code);
    }
  }

  let buyer: DistributorTable | undefined;
  if (order.customer?.id || order.customer?.email) {
    buyer = await db
      .selectFrom('distributors')
      .selectAll()
      .where('shop_id', '=', shop.id)
      .where((eb) => {
        const ors = [];
        if (order.customer?.id) ors.push(eb('external_id', '=', order.customer.id), eb('user_id', '=', order.customer.id));
        if (order.customer?.email) ors.push(eb('email', '=', order.customer.email));
        return eb.or(ors);
      })
      .executeTakeFirst();
  }

  const distributors = new Map<string, DistributorTable>();
  const parents = new Map<string, DistributorTable>();
  if (codes.size > 0) {
    // the distributors named by the codes and their parents, in one query
    const rows = await db
      .selectFrom('distributors')
      .selectAll()
      .where('shop_id', '=', shop.id)
      .where((eb) =>
        eb.or([
          eb('code', 'in', [...codes]),
          eb(
            'id',
            'in',
            eb.selectFrom('distributors as named').select('named.parent_id').where('named.shop_id', '=', shop.id).where('named.code', 'in', [...codes]),
          ),
        ]),
      )
      .execute();
    for (const r of rows) if (codes.has(r.code)) distributors.set(r.code, r);
    const parentIds = new Set([...distributors.values()].map((r) => r.parent_id).filter((p): p is string => p !== null));
    for (const r of rows) if (parentIds.has(r.id)) parents.set(r.id, r);
  }

  let returning = false;
  if (keys.length > 0) {
    // `+placed_at` keeps the planner on the (shop_id, customer_key) index instead of scanning the shop's orders by time
    const prior = await db
      .selectFrom('orders')
      .select('id')
      .where('shop_id', '=', shop.id)
      .where('customer_key', 'in', keys)
      .where(sql<number>`+placed_at`, '<', placedAt)
      .limit(1)
      .executeTakeFirst();
    returning = prior !== undefined;
  }

  return { couponOwnerCode, binding, touches, buyer, distributors, parents, returning };
}
