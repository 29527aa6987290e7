import {
  commissionOrderOf,
  evaluateCommissions,
  resolveAttribution,
  storedEvaluation,
  type Attribution,
  type ChainMember,
  type CommissionEvaluation,
} from '@twotier/core';
import type { orderCreateSchema } from '@twotier/core/schema';
import type { z } from 'zod';
import type { Executor } from '../db';
import type { CommissionTable, DistributorTable, OrderTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { invalid } from '../domain/errors';
import { newId } from '../util/ids';
import { DAY_MS } from '../util/time';
import { loadAttributionInputs, type AttributionInputs } from './attribution-inputs';
import { customerKeys } from './bindings';

/** A validated `POST /v1/orders` body. */
export type OrderInput = z.output<typeof orderCreateSchema>;

/** An evaluated order, ready to write. */
export interface PreparedOrder {
  shop: ShopRecord;
  hash: string;
  /** The body the order row stores as JSON. */
  input: OrderInput;
  order: OrderTable;
  commissions: CommissionTable[];
  evaluation: CommissionEvaluation;
  /** The customer's keys to bind to `code` at `at`, when the order was attributed. */
  bindings: { code: string; keys: string[]; at: number } | null;
  now: number;
}

/** When an order was placed: its `placedAt`, or `now` when it has none. */
export const orderPlacedAt = (input: OrderInput, now: number): number => (input.placedAt ? Date.parse(input.placedAt) : now);

const member = (d: DistributorTable | undefined): ChainMember | null =>
  d ? { id: d.id, grade: d.grade, status: d.status } : null;

/**
 * Attribution through core (explicit code → coupon → binding → touches),
 * the chain (level 1 and its parent, never deeper) and the commissions, as
 * rows to write. Reads only; `inputs` read already (a batch reads them for all
 * its orders at once, services/orders.ts) are used instead of reading them.
 */
export async function prepareOrder(db: Executor, shop: ShopRecord, input: OrderInput, hash: string, now: number, inputs?: AttributionInputs): Promise<PreparedOrder> {
  const placedAt = orderPlacedAt(input, now);
  const keys = customerKeys(input.customer, input.visitorId);
  inputs ??= await loadAttributionInputs(db, shop, input, keys, placedAt);
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

  const commissionOrder = commissionOrderOf(input, placedAt, inputs.customer);
  // a fixed rate is an amount of one currency: the engine takes the order's amount, or none
  const evaluation = evaluateCommissions(commissionOrder, { level1: member(level1), level2: member(level2) }, shop.program, {
    currency: input.currency,
    defaultCurrency: shop.currency,
  });

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
    // the order's part: each level's explanation is kept once, in its commission's row
    evaluation: JSON.stringify(storedEvaluation(evaluation)),
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
  const bindings = attribution ? { code: attribution.code, keys, at: placedAt } : null;
  return { shop, hash, input, order, commissions, evaluation, bindings, now };
}
