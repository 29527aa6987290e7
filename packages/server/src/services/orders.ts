import {
  evaluateCommissions,
  nextBinding,
  resolveAttribution,
  type Attribution,
  type ChainMember,
  type CommissionOrder,

} from '@twotier/core';
import type { OrderResult, orderCreateSchema } from '@twotier/core/schema';
import type { z } from 'zod';
import type { Db } from '../db';
import type { CommissionTable, DistributorTable, OrderTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { conflict, invalid } from '../http/errors';
import { requestHash } from '../util/crypto';
import { newId } from '../util/ids';
import { DAY_MS } from '../util/time';
import { customerKeys, loadBinding, saveBinding } from './bindings';
import { appendEntries } from './ledger';
import { loadOrderResult } from './order-view';
import { loadAttributionInputs } from './attribution-inputs';
import { emitOrderCreated } from '../webhooks/domain-events';
import { rollupOrder } from '../stats/rollups';

/** A validated `POST /v1/orders` body. */
export type OrderInput = z.output<typeof orderCreateSchema>;

/** The answer to an order POST: 201 the first time, 200 for an identical replay. */
export interface OrderOutcome {
  status: 200 | 201;
  body: OrderResult;
}

const member = (d: DistributorTable | undefined): ChainMember | null =>
  d ? { id: d.id, grade: d.grade, status: d.status } : null;

/**
 * Records a verified order: attribution through core (explicit code →
 * coupon → binding → touches), the chain (level 1 and its parent, never
 * deeper), commissions and their pending ledger entries, and the customer's
 * binding, all in one transaction. Idempotent on the shop's order id: a
 * replay returns the stored result; the same id with other content is 409.
 */
export async function createOrder(db: Db, shop: ShopRecord, input: OrderInput, now: number): Promise<OrderOutcome> {
  const hash = requestHash(input);
  const replay = await findReplay(db, shop.id, input.id, hash);
  if (replay) return replay;

  const placedAt = input.placedAt ? Date.parse(input.placedAt) : now;
  const keys = customerKeys(input.customer, input.visitorId);
  const inputs = await loadAttributionInputs(db.kysely, shop, input, keys, placedAt);
  let attribution: Attribution | null;
  try {
    attribution = resolveAttribution({
      now: new Date(placedAt),
      program: shop.program,
      explicitCode: input.referralCode ?? null,
      couponCode: input.couponCode ?? null,
      couponOwner: () => inputs.couponOwnerCode,
      binding: inputs.binding,
      touches: inputs.touches,
      buyerCode: inputs.buyer?.code ?? null,
      isEligible: (code) => inputs.distributors.get(code)?.status === 'active',
    });
  } catch (error) {
    throw invalid('invalid_attribution', (error as Error).message);
  }
  const level1 = attribution ? inputs.distributors.get(attribution.code) : undefined;
  const level2 = level1?.parent_id ? inputs.parents.get(level1.parent_id) : undefined;

  const commissionOrder: CommissionOrder = {
    items: input.items,
    discount: input.discount,
    shipping: input.shipping,
    tax: input.tax,
    region: input.region,
    placedAt: new Date(placedAt),
    customer: inputs.returning ? 'returning' : 'new',
  };
  const evaluation = evaluateCommissions(commissionOrder, { level1: member(level1), level2: member(level2) }, shop.program);

  const order: OrderTable = {
    shop_id: shop.id,
    id: input.id,
    request_hash: hash,
    currency: input.currency,
    body: JSON.stringify(input),
    base: evaluation.base,
    total_paid: evaluation.totalPaid,
    refunded: 0,
    customer_key: keys[0] ?? null,
    visitor_id: input.visitorId ?? null,
    region: input.region ?? null,
    distributor_id: level1?.id ?? null,
    attribution:
      attribution && level1
        ? JSON.stringify({ code: attribution.code, distributorId: level1.id, source: attribution.source, selfPurchase: attribution.selfPurchase })
        : null,
    evaluation: JSON.stringify(evaluation),
    not_paid: JSON.stringify(evaluation.notPaid),
    placed_at: placedAt,
    created_at: now,
  };
  const availableAt = now + shop.program.holdDays * DAY_MS;
  const commissions: CommissionTable[] = evaluation.commissions.map((c) => {
    const { amount: _amount, ...explanation } = c;
    return {
      shop_id: shop.id,
      id: newId('com'),
      order_id: input.id,
      distributor_id: c.distributorId,
      level: c.level,
      currency: input.currency,
      amount: c.amount,
      reversed: 0,
      status: 'pending',
      explanation: JSON.stringify(explanation),
      available_at: availableAt,
      created_at: now,
    };
  });

  return db.writeTx(async (tx) => {
    const inserted = await tx
      .insertInto('orders')
      .values(order)
      .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // another request with this id committed first (PostgreSQL waited for it)
      const existing = await tx.selectFrom('orders').selectAll().where('shop_id', '=', shop.id).where('id', '=', input.id).executeTakeFirstOrThrow();
      if (existing.request_hash !== hash) throw replayConflict(input.id);
      return { status: 200 as const, body: await loadOrderResult(tx, shop.id, existing) };
    }
    if (commissions.length > 0) await tx.insertInto('commissions').values(commissions).execute();
    await appendEntries(
      tx,
      shop.id,
      commissions.map((c) => ({
        distributorId: c.distributor_id,
        bucket: 'pending' as const,
        kind: 'commission',
        amount: c.amount,
        currency: c.currency,
        commissionId: c.id,
        dedupeKey: `earn:${c.id}`,
      })),
      now,
    );
    if (attribution) {
      for (const key of keys) {
        const current = await loadBinding(tx, shop.id, [key]);
        const next = nextBinding({ current, code: attribution.code, at: new Date(placedAt), trigger: 'order', program: shop.program });
        if (next && next !== current) await saveBinding(tx, shop.id, key, next);
      }
    }
    await emitOrderCreated(tx, shop.id, order, commissions, now);
    await rollupOrder(tx, order, commissions, evaluation);
    return { status: 201 as const, body: await loadOrderResult(tx, shop.id, order) };
  });
}

const replayConflict = (id: string) =>
  conflict('idempotency_conflict', `order ${id} was already recorded with different content; an order id can be used once`);

async function findReplay(db: Db, shopId: string, id: string, hash: string): Promise<OrderOutcome | null> {
  const existing = await db.kysely.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  if (!existing) return null;
  if (existing.request_hash !== hash) throw replayConflict(id);
  return { status: 200, body: await loadOrderResult(db.kysely, shopId, existing) };
}

