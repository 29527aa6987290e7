import { sql } from 'kysely';
import type { Services, ShopRecord } from '../context';
import { defaultProgram } from '../services/shop-store';
import { tagSeenOn } from './tag-sightings';

/** Where a new shop stands on its way to a first attributed sale: the dashboard's checklist. */
export interface SetupState {
  /** The program differs from the one a new shop starts with. */
  rates: { done: boolean };
  /** A page of an allowed origin loaded the tag from this server, or a touch was recorded. */
  tag: { done: boolean; origin: string | null; seenAt: string | null; touches: boolean };
  distributor: { done: boolean; count: number };
  /** Any order was recorded (a test order counts). */
  testOrder: { done: boolean };
  done: boolean;
}

/** A referral code seen on visits that names no distributor (a typo on a poster, a deleted code). */
export interface UnknownCode {
  code: string;
  clicks: number;
  firstDay: string;
  lastDay: string;
}

/** The checklist's state for `shop`. */
export async function setupState(services: Services, shop: ShopRecord): Promise<SetupState> {
  const db = services.db.kysely;
  const [distributors, order, touch] = await Promise.all([
    db.selectFrom('distributors').select((eb) => eb.fn.countAll<number | string>().as('n')).where('shop_id', '=', shop.id).executeTakeFirst(),
    db.selectFrom('orders').select('id').where('shop_id', '=', shop.id).limit(1).executeTakeFirst(),
    db.selectFrom('daily_clicks').select('code').where('shop_id', '=', shop.id).limit(1).executeTakeFirst(),
  ]);
  const seen = tagSeenOn(services, shop.allowedOrigins);
  const count = Number(distributors?.n ?? 0);
  const state = {
    rates: { done: JSON.stringify(shop.program) !== JSON.stringify(defaultProgram()) },
    tag: { done: !!seen || !!touch, origin: seen?.origin ?? null, seenAt: seen ? new Date(seen.at).toISOString() : null, touches: !!touch },
    distributor: { done: count > 0, count },
    testOrder: { done: !!order },
  };
  return { ...state, done: state.rates.done && state.tag.done && state.distributor.done && state.testOrder.done };
}

/**
 * Codes that arrived on visits (`daily_clicks`) and name no distributor of the shop, most
 * recently seen first: a touch through a mistyped link is stored but can never be attributed.
 */
export async function unknownCodes(services: Services, shopId: string, limit = 20): Promise<UnknownCode[]> {
  const db = services.db.kysely;
  const rows = await db
    .selectFrom('daily_clicks')
    .select(['code', sql<number | string>`sum(clicks)`.as('clicks'), sql<string>`min(day)`.as('first_day'), sql<string>`max(day)`.as('last_day')])
    .where('shop_id', '=', shopId)
    .where('code', 'not in', db.selectFrom('distributors').select('code').where('shop_id', '=', shopId))
    .groupBy('code')
    .orderBy(sql`max(day)`, 'desc')
    .orderBy(sql`sum(clicks)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ code: r.code, clicks: Number(r.clicks), firstDay: r.first_day, lastDay: r.last_day }));
}
