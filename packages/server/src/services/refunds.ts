import { emitReversals } from '../webhooks/domain-events';
import { commissionOrderOf, customerKeys, customerStatus, evaluationFromStored, refundedItemsMoney, reverseCommissions, type CommissionEvaluation, type CommissionOrder, type RefundInput, type StoredEvaluation, type StoredLevel } from '@twotier/core';
import type { RefundResult, Reversal, refundCreateSchema } from '@twotier/core/schema';
import type { z } from 'zod';
import type { Db, Executor } from '../db';
import type { OrderTable, RefundTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { conflict, invalid, notFound } from '../domain/errors';
import { requestHash } from '../util/crypto';
import { iso } from '../util/time';
import { appendEntries, type Entry } from './ledger';
import type { OrderInput } from './orders';
import { applyEvents } from '../read-models';
import { requireAcceptedCurrency } from './currencies';

/** A validated refund body. */
export type RefundBody = z.output<typeof refundCreateSchema>;

/** 201 the first time, 200 for an identical replay. */
export interface RefundOutcome {
  status: 200 | 201;
  body: RefundResult;
}

const toResult = (row: RefundTable): RefundResult => ({
  refund: {
    id: row.id,
    orderId: row.order_id,
    amount: row.amount === null ? null : Number(row.amount),
    items: row.items ? (JSON.parse(row.items) as { sku: string; quantity: number }[]) : null,
    createdAt: iso(Number(row.created_at)),
  },
  reversals: JSON.parse(row.reversals) as Reversal[],
});

/**
 * A stored order as the engine saw it when it came in: its body, when it
 * was placed, and whether its customer had ordered before (core's rule, on
 * the first order of each of its customer keys).
 */
async function storedCommissionOrder(tx: Executor, shopId: string, order: OrderTable): Promise<CommissionOrder> {
  const body = JSON.parse(order.body) as OrderInput;
  const placedAt = Number(order.placed_at);
  const keys = customerKeys(body.customer, body.visitorId);
  const first =
    keys.length === 0
      ? undefined
      : await tx.selectFrom('orders').select((eb) => eb.fn.min<number>('placed_at').as('at')).where('shop_id', '=', shopId).where('customer_key', 'in', keys).executeTakeFirst();
  return commissionOrderOf(body, placedAt, customerStatus(placedAt, [first?.at == null ? undefined : Number(first.at)]));
}

/**
 * Records a refund and reverses what it took from each level (core's
 * cumulative rounding). A reversal of a commission still in its hold period
 * comes off `pending`; once it was available it comes off `available`, which
 * may go negative (a clawback that blocks withdrawals). Idempotent on the
 * refund id; the same id with other content is 409.
 *
 * A refund is in its order's currency: a `currency` naming another, or an
 * order in a currency the shop does not accept (stored before that was
 * checked), is 422 `currency_mismatch` and writes nothing.
 */
export async function createRefund(db: Db, shop: ShopRecord, orderId: string, input: RefundBody, now: number): Promise<RefundOutcome> {
  // naming the order's currency or not is the same refund
  const { currency, ...content } = input;
  const hash = requestHash({ orderId, ...content });
  const early = await db.kysely.selectFrom('refunds').selectAll().where('shop_id', '=', shop.id).where('id', '=', input.id).executeTakeFirst();
  if (early) return replay(early, hash);

  return db.writeTx(async (tx) => {
    let q = tx.selectFrom('orders').selectAll().where('shop_id', '=', shop.id).where('id', '=', orderId);
    if (db.forUpdate) q = q.forUpdate();
    const order = await q.executeTakeFirst();
    if (!order) throw notFound(`order ${orderId}`);
    if (currency !== undefined && currency !== order.currency) {
      throw invalid('currency_mismatch', `refund ${input.id} is in ${currency}, but order ${orderId} is in ${order.currency}: a refund is in its order's currency`, {
        currency,
        orderCurrency: order.currency,
      });
    }
    requireAcceptedCurrency(shop, order.currency, `order ${orderId}`);
    const existing = await tx.selectFrom('refunds').selectAll().where('shop_id', '=', shop.id).where('id', '=', input.id).executeTakeFirst();
    if (existing) return replay(existing, hash);

    const earlier = await tx
      .selectFrom('refunds')
      .select(['amount', 'items'])
      .where('shop_id', '=', shop.id)
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const previous: RefundInput[] = earlier.map((r) => ({
      ...(r.amount !== null ? { amount: Number(r.amount) } : {}),
      ...(r.items ? { items: JSON.parse(r.items) as { sku: string; quantity: number }[] } : {}),
    }));
    // the order's commissions, locked level by level: their rows hold each level's explanation, which the evaluation needs
    let cq = tx.selectFrom('commissions').selectAll().where('shop_id', '=', shop.id).where('order_id', '=', orderId).orderBy('level');
    if (db.forUpdate) cq = cq.forUpdate();
    const commissions = await cq.execute();
    const evaluation = evaluationFromStored(
      JSON.parse(order.evaluation) as StoredEvaluation | CommissionEvaluation,
      commissions.map((c): StoredLevel => ({ amount: Number(c.amount), explanation: JSON.parse(c.explanation) as StoredLevel['explanation'] })),
      JSON.parse(order.not_paid) as CommissionEvaluation['notPaid'],
    );
    const refund: RefundInput = { amount: input.amount, items: input.items };
    const stored = await storedCommissionOrder(tx, shop.id, order);
    const levels = reverseCommissions({ order: stored, evaluation, previous, refund });

    const reversals: Reversal[] = [];
    const entries: Entry[] = [];
    for (const level of levels) {
      const commission = commissions.find((c) => Number(c.level) === level.level);
      if (!commission || level.amount === 0) continue;
      const clawback = commission.status === 'available';
      const reversed = Number(commission.reversed) + level.amount;
      await tx
        .updateTable('commissions')
        .set({ reversed, status: reversed >= Number(commission.amount) ? 'reversed' : commission.status })
        .where('shop_id', '=', shop.id)
        .where('id', '=', commission.id)
        .execute();
      entries.push({
        distributorId: commission.distributor_id,
        bucket: clawback ? 'available' : 'pending',
        kind: clawback ? 'clawback' : 'reversal',
        amount: -level.amount,
        currency: commission.currency,
        commissionId: commission.id,
        dedupeKey: `refund:${input.id}:${commission.id}`,
        note: `refund ${input.id} of order ${orderId}`,
      });
      reversals.push({ commissionId: commission.id, distributorId: commission.distributor_id, level: level.level, amount: level.amount, cumulative: level.cumulative, earned: level.earned, clawback });
    }
    await appendEntries(tx, shop.id, entries, now);

    const refundedMoney = input.amount ?? refundedItemsMoney(stored, evaluation, input.items ?? []);
    const refunded = Math.min(Number(order.total_paid), Number(order.refunded) + refundedMoney);
    await tx
      .updateTable('orders')
      .set({ refunded })
      .where('shop_id', '=', shop.id)
      .where('id', '=', orderId)
      .execute();
    const row: RefundTable = {
      shop_id: shop.id,
      id: input.id,
      order_id: orderId,
      request_hash: hash,
      amount: input.amount ?? null,
      items: input.items ? JSON.stringify(input.items) : null,
      reversals: JSON.stringify(reversals),
      created_at: now,
    };
    await tx.insertInto('refunds').values(row).execute();
    await emitReversals(tx, shop.id, orderId, input.id, reversals, now);
    // the read models (distributor totals, sales rollups) follow the refund
    await applyEvents(tx, [{ type: 'refund.recorded', shopCurrency: shop.currency, order, previous, refund, refundedBefore: Number(order.refunded), refundedAfter: refunded, reversals }]);
    return { status: 201 as const, body: toResult(row) };
  });
}

function replay(existing: RefundTable, hash: string): RefundOutcome {
  if (existing.request_hash !== hash) {
    throw conflict('idempotency_conflict', `refund ${existing.id} was already recorded with different content; a refund id can be used once`);
  }
  return { status: 200, body: toResult(existing) };
}

