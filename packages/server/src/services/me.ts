import { resolveAttribution } from '@twotier/core';
import type { MeResponse, Recruit } from '@twotier/core/schema';
import type { Db } from '../db';
import type { DistributorTable } from '../db/schema';
import type { SessionRecord, ShopRecord } from '../context';
import { iso, num } from '../util/time';
import { loadAttributionInputs } from './attribution-inputs';
import { customerKeys } from './bindings';
import { createDistributor, findByCode, toDistributor } from './distributors';
import { balanceOf } from './ledger';
import { distributorOfUser } from './sessions';

/** `GET /v1/me`. */
export async function meProfile(db: Db, shop: ShopRecord, session: SessionRecord): Promise<MeResponse> {
  const d = await distributorOfUser(db.kysely, shop.id, session.userId);
  return {
    user: { userId: session.userId, ...(session.email ? { email: session.email } : {}), ...(session.name ? { name: session.name } : {}) },
    distributor: d ? toDistributor(d) : null,
    links: d && d.status === 'active' ? shop.allowedOrigins.map((o) => `${o}/?ref=${encodeURIComponent(d.code)}`) : [],
    balance: d ? await balanceOf(db.kysely, shop, d.id) : null,
    program: {
      levels: shop.program.levels,
      joinPolicy: shop.program.joinPolicy,
      minWithdrawal: shop.program.minWithdrawal,
      currency: shop.currency,
    },
  };
}

/**
 * Makes the session's user a distributor, for free, always. Parent: the
 * invite's `parentCode`, else the distributor the visitor is attributed to
 * now (an unknown or inactive invite code is passed over). With
 * `joinPolicy: approval` the new distributor waits as `pending`.
 * Joining twice returns the existing distributor (200).
 */
export async function join(
  db: Db,
  shop: ShopRecord,
  session: SessionRecord,
  input: { parentCode?: string | undefined; name?: string | undefined; locale?: string | undefined },
  now: number,
): Promise<{ status: 200 | 201; distributor: DistributorTable }> {
  const existing = await distributorOfUser(db.kysely, shop.id, session.userId);
  if (existing) return { status: 200, distributor: existing };
  let parentCode = input.parentCode;
  if (parentCode) {
    // a stale or suspended invite code never stops anyone from joining: it is passed over
    const parent = await findByCode(db.kysely, shop.id, parentCode);
    if (!parent || parent.status !== 'active') parentCode = undefined;
  }
  if (!parentCode && session.visitorId) {
    const keys = customerKeys({ id: session.userId, ...(session.email ? { email: session.email } : {}) }, session.visitorId);
    const inputs = await loadAttributionInputs(db.kysely, shop, { visitorId: session.visitorId }, keys, now);
    const attribution = resolveAttribution({
      now: new Date(now),
      program: shop.program,
      binding: inputs.binding,
      touches: inputs.touches,
      isEligible: (code) => inputs.distributors.get(code)?.status === 'active',
    });
    parentCode = attribution?.code;
  }
  const name = input.name ?? session.name ?? session.email?.split('@')[0] ?? 'Distributor';
  const distributor = await createDistributor(
    db,
    shop,
    {
      name,
      email: session.email ?? undefined,
      userId: session.userId,
      parentCode,
      locale: input.locale,
      status: shop.program.joinPolicy === 'approval' ? 'pending' : 'active',
    },
    now,
  );
  return { status: 201, distributor };
}

/** My direct recruits with the sales they brought and what I earned on them, in the shop's default currency (never summed across currencies). Nothing deeper. */
export async function recruitsOf(db: Db, shop: ShopRecord, me: DistributorTable): Promise<Recruit[]> {
  const children = await db.kysely
    .selectFrom('distributors')
    .selectAll()
    .where('shop_id', '=', shop.id)
    .where('parent_id', '=', me.id)
    .orderBy('created_at', 'desc')
    .limit(1000)
    .execute();
  if (children.length === 0) return [];
  const ids = children.map((c) => c.id);
  const sales = await db.kysely
    .selectFrom('orders')
    // the one definition of sales (docs/figures.md): what customers paid, shipping and tax included, less refunds;
    // an order refunded in full is no sale
    .select(['distributor_id', (eb) => eb.fn.sum<number>(eb('total_paid', '-', eb.ref('refunded'))).as('sales'), (eb) => eb.fn.countAll<number>().as('orders')])
    .where('shop_id', '=', shop.id)
    .where('distributor_id', 'in', ids)
    .where((eb) => eb('refunded', '<', eb.ref('total_paid')))
    .where('currency', '=', shop.currency)
    .groupBy('distributor_id')
    .execute();
  const mine = await db.kysely
    .selectFrom('commissions as c')
    .innerJoin('orders as o', (j) => j.onRef('o.shop_id', '=', 'c.shop_id').onRef('o.id', '=', 'c.order_id'))
    .select(['o.distributor_id', (eb) => eb.fn.sum<number>(eb('c.amount', '-', eb.ref('c.reversed'))).as('earned')])
    .where('c.shop_id', '=', shop.id)
    .where('c.distributor_id', '=', me.id)
    .where('c.level', '=', 2)
    .where('c.currency', '=', shop.currency)
    .where('o.distributor_id', 'in', ids)
    .groupBy('o.distributor_id')
    .execute();
  return children.map((c) => {
    const s = sales.find((x) => x.distributor_id === c.id);
    return {
      id: c.id,
      code: c.code,
      displayName: c.name,
      status: c.status,
      joinedAt: iso(Number(c.created_at)),
      sales: num(s?.sales ?? 0),
      orders: num(s?.orders ?? 0),
      myCommission: num(mine.find((x) => x.distributor_id === c.id)?.earned ?? 0),
    };
  });
}
