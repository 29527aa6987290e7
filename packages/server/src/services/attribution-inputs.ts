import { customerStatus, type Binding, type CustomerStatus, type Touch } from '@twotier/core';
import { sql } from 'kysely';
import type { Executor } from '../db';
import type { DistributorTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { DAY_MS } from '../util/time';
import { loadBindingsByKey } from './bindings';

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
  /** Whether the customer ordered before (core's customerStatus). */
  customer: CustomerStatus;
}

/** What of an order attribution reads. */
export interface AttributionOrder {
  referralCode?: string | undefined;
  couponCode?: string | undefined;
  visitorId?: string | undefined;
  customer?: { id?: string | undefined; email?: string | undefined } | undefined;
}

/** One order of {@link loadAttributionInputsMany}: what of it attribution reads, its customer keys and when it was placed. */
export interface AttributionQuery {
  order: AttributionOrder;
  keys: string[];
  placedAt: number;
}

/** Reads the coupon, binding, touches and candidate distributors of an order. */
export async function loadAttributionInputs(
  db: Executor,
  shop: ShopRecord,
  order: AttributionOrder,
  keys: string[],
  placedAt: number,
): Promise<AttributionInputs> {
  return (await loadAttributionInputsMany(db, shop, [{ order, keys, placedAt }])).inputs[0]!;
}

/**
 * The attribution inputs of many orders of one shop (a group-commit batch),
 * each kind read once for all of them: coupons, bindings, touches, the
 * buyers, the distributors named and their parents, and earlier orders of
 * the customers. Also every stored binding by key, for a batch that applies
 * its own orders' bindings as it goes. `distributors` and `parents` are
 * shared by all the orders.
 */
export async function loadAttributionInputsMany(
  db: Executor,
  shop: ShopRecord,
  queries: AttributionQuery[],
): Promise<{ inputs: AttributionInputs[]; bindings: Map<string, Binding> }> {
  const codes = new Set<string>();
  for (const q of queries) if (q.order.referralCode) codes.add(q.order.referralCode);

  const couponCodes = [...new Set(queries.flatMap((q) => (q.order.couponCode ? [q.order.couponCode.trim()] : [])))];
  const couponOwners = new Map<string, string>();
  if (couponCodes.length > 0) {
    const rows = await db
      .selectFrom('coupons')
      .innerJoin('distributors', (j) =>
        j.onRef('distributors.shop_id', '=', 'coupons.shop_id').onRef('distributors.id', '=', 'coupons.distributor_id'),
      )
      .select(['coupons.code as coupon', 'distributors.code'])
      .where('coupons.shop_id', '=', shop.id)
      .where('coupons.code', 'in', couponCodes)
      .execute();
    for (const r of rows) {
      couponOwners.set(r.coupon, r.code);
      codes.add(r.code);
    }
  }

  const bindings = await loadBindingsByKey(db, shop.id, [...new Set(queries.flatMap((q) => q.keys))]);
  for (const b of bindings.values()) codes.add(b.code);

  // each order's touches: its visitor's, inside its window, newest first, at most 500
  const touchesOf = new Map<number, Touch[]>();
  const withVisitor = queries.flatMap((q, i) => (q.order.visitorId ? [{ i, visitorId: q.order.visitorId, placedAt: q.placedAt }] : []));
  if (withVisitor.length > 0) {
    const one = (w: (typeof withVisitor)[number]) =>
      db
        .selectFrom('touches')
        .select(['code', 'visitor_id', 'at', 'url', 'referrer', sql.lit(w.i).as('item')])
        .where('shop_id', '=', shop.id)
        .where('visitor_id', '=', w.visitorId)
        .where('at', '<=', w.placedAt)
        .where('at', '>=', w.placedAt - shop.program.attributionWindowDays * DAY_MS)
        .orderBy('at', 'desc')
        .limit(500);
    const rows =
      withVisitor.length === 1
        ? await one(withVisitor[0]!).execute()
        : await withVisitor
            .map((w, k) => db.selectFrom(one(w).as(`t${k}`)).selectAll())
            .reduce((all, next) => all.unionAll(next))
            .execute();
    for (const r of rows) {
      const item = Number(r.item);
      let list = touchesOf.get(item);
      if (!list) touchesOf.set(item, (list = []));
      list.push({ code: r.code, visitorId: r.visitor_id, at: new Date(Number(r.at)), url: r.url, ...(r.referrer ? { referrer: r.referrer } : {}) });
      codes.add(r.code);
    }
    // a union keeps each part's rows together but not necessarily in their order
    for (const list of touchesOf.values()) list.sort((a, b) => b.at.getTime() - a.at.getTime());
  }

  const customerIds = [...new Set(queries.flatMap((q) => (q.order.customer?.id ? [q.order.customer.id] : [])))];
  const customerEmails = [...new Set(queries.flatMap((q) => (q.order.customer?.email ? [q.order.customer.email] : [])))];
  let buyers: DistributorTable[] = [];
  if (customerIds.length > 0 || customerEmails.length > 0) {
    // one indexed lookup per column (external_id, user_id, email), as a union: an OR of them reads every distributor of the shop on SQLite
    const by = (column: 'external_id' | 'user_id' | 'email', values: string[]) =>
      db.selectFrom('distributors').selectAll().where('shop_id', '=', shop.id).where(column, 'in', values);
    const parts = [
      ...(customerIds.length > 0 ? [by('external_id', customerIds), by('user_id', customerIds)] : []),
      ...(customerEmails.length > 0 ? [by('email', customerEmails)] : []),
    ];
    buyers = await parts.reduce((all, next) => all.union(next)).execute();
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

  // a customer is returning when one of their keys has an order placed before this one: the first order per key says it
  const firstOrderAt = new Map<string, number>();
  const allKeys = [...new Set(queries.flatMap((q) => q.keys))];
  if (allKeys.length > 0) {
    const rows = await db
      .selectFrom('orders')
      .select(['customer_key', (eb) => eb.fn.min<number>('placed_at').as('first')])
      .where('shop_id', '=', shop.id)
      .where('customer_key', 'in', allKeys)
      .groupBy('customer_key')
      .execute();
    for (const r of rows) if (r.customer_key !== null) firstOrderAt.set(r.customer_key, Number(r.first));
  }

  const inputs = queries.map((q, i): AttributionInputs => {
    const id = q.order.customer?.id;
    const email = q.order.customer?.email;
    const bound = q.keys.find((k) => bindings.has(k));
    return {
      couponOwnerCode: q.order.couponCode ? (couponOwners.get(q.order.couponCode.trim()) ?? null) : null,
      binding: bound === undefined ? null : bindings.get(bound)!,
      touches: touchesOf.get(i) ?? [],
      buyer: id || email ? buyers.find((b) => (id !== undefined && (b.external_id === id || b.user_id === id)) || (email !== undefined && b.email === email)) : undefined,
      distributors,
      parents,
      customer: customerStatus(q.placedAt, q.keys.map((k) => firstOrderAt.get(k))),
    };
  });
  return { inputs, bindings };
}
