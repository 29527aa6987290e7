import { RefundError } from '../errors';
import { roundHalfEvenBigInt } from '../money/round';
import type { CommissionEvaluation, CommissionOrder, LevelCommission, LevelReversal, RefundInput } from './types';

/** What has been refunded so far, across all refunds of an order. */
interface Refunded {
  /** Units refunded per sku (refunds that name items). */
  units: Map<string, number>;
  /** Money of refunds that name no items: these reverse by amount. */
  amountOnly: number;
  /** Money of all refunds, with or without items. */
  money: number;
}

const wholeNumber = (value: unknown, what: string, min: number): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RefundError('invalid_refund', `${what} must be a whole number ≥ ${min}, got ${String(value)}`);
  }
  return value;
};

const tally = (refunds: readonly RefundInput[], earlier: number, bought: ReadonlyMap<string, number>, totalPaid: number): Refunded => {
  const state: Refunded = { units: new Map(), amountOnly: 0, money: 0 };
  refunds.forEach((refund, r) => {
    const label = r >= earlier ? 'this refund' : `earlier refund ${r + 1}`;
    if (refund === null || typeof refund !== 'object') throw new RefundError('invalid_refund', `${label} is not a refund`);
    if (refund.amount === undefined && (refund.items === undefined || refund.items.length === 0)) {
      throw new RefundError('invalid_refund', `${label} names neither an amount nor items`);
    }
    const amount = refund.amount === undefined ? 0 : wholeNumber(refund.amount, `${label}: amount`, 0);
    state.money += amount;
    if (state.money > totalPaid) {
      throw new RefundError('too_much_money', `${label}: refunds would total ${state.money}, more than the ${totalPaid} paid`);
    }
    if (refund.items === undefined || refund.items.length === 0) {
      state.amountOnly += amount;
      return;
    }
    for (const item of refund.items) {
      const have = bought.get(item.sku);
      if (have === undefined) throw new RefundError('unknown_sku', `${label}: sku "${item.sku}" is not in this order`);
      const quantity = wholeNumber(item.quantity, `${label}: quantity of ${item.sku}`, 1);
      const total = (state.units.get(item.sku) ?? 0) + quantity;
      if (total > have) {
        throw new RefundError('too_many_items', `${label}: ${total} units of ${item.sku} refunded in all, but only ${have} were bought`);
      }
      state.units.set(item.sku, total);
    }
  });
  return state;
};

/** A level's cumulative reversal: round(earned × fraction refunded), never above earned. */
const reversedSoFar = (commission: LevelCommission, refunded: Refunded, bought: ReadonlyMap<string, number>, totalPaid: number): bigint => {
  const earned = BigInt(commission.amount);
  if (earned === 0n) return 0n;
  if (totalPaid > 0 && refunded.money === totalPaid) return earned;
  // Per sku: its exact share of the level and its quantity (a sku may span several lines).
  const skuExact = new Map<string, bigint>();
  let levelExact = 0n;
  for (const line of commission.lines) {
    skuExact.set(line.sku, (skuExact.get(line.sku) ?? 0n) + BigInt(line.exact));
    levelExact += BigInt(line.exact);
  }
  // fraction = Σ skuExact·units/bought ÷ levelExact + amountOnly ÷ totalPaid, as one BigInt fraction.
  let numerator = 0n;
  let denominator = 1n;
  const add = (n: bigint, d: bigint): void => {
    numerator = numerator * d + n * denominator;
    denominator *= d;
  };
  if (levelExact > 0n) {
    for (const [sku, units] of refunded.units) {
      add((skuExact.get(sku) ?? 0n) * BigInt(units), BigInt(bought.get(sku)!) * levelExact);
    }
  }
  if (refunded.amountOnly > 0) add(BigInt(refunded.amountOnly), BigInt(totalPaid));
  if (numerator >= denominator) return earned;
  return roundHalfEvenBigInt(earned * numerator, denominator);
};

/**
 * How much of each level's commission a refund takes back.
 *
 * Stateless: pass every earlier refund of the order and this one. A refund
 * naming items reverses what those units earned (per level, the sku's exact
 * share × refunded ÷ bought); a refund naming only an amount reverses
 * amount ÷ totalPaid (shipping and tax included). Reversal is cumulative —
 * reversed so far = round(earned × fraction so far), half to even — so the
 * parts never add up to more than was earned, and a full refund (all units,
 * or all the money paid) reverses exactly what was earned.
 *
 * @throws RefundError when the refunds (with this one) name a sku not in the
 * order, more units than were bought, or more money than was paid. The
 * caller must then record nothing.
 * @example
 * const [l1] = reverseCommissions({ order, evaluation, previous: [], refund: { amount: 1000 } });
 * l1.amount; // what to take back from level 1 now
 */
export function reverseCommissions(input: {
  order: CommissionOrder;
  evaluation: CommissionEvaluation;
  previous: readonly RefundInput[];
  refund: RefundInput;
}): LevelReversal[] {
  const { order, evaluation, previous, refund } = input;
  if (evaluation.lineBases.length !== order.items.length) {
    throw new RefundError('evaluation_mismatch', 'the evaluation does not belong to this order (line counts differ)');
  }
  const bought = new Map<string, number>();
  for (const line of order.items) bought.set(line.sku, (bought.get(line.sku) ?? 0) + line.quantity);
  const totalPaid = evaluation.totalPaid;
  const before = tally(previous, previous.length, bought, totalPaid);
  const after = tally([...previous, refund], previous.length, bought, totalPaid);
  return evaluation.commissions.map((commission) => {
    const earlier = reversedSoFar(commission, before, bought, totalPaid);
    const cumulative = reversedSoFar(commission, after, bought, totalPaid);
    return {
      level: commission.level,
      distributorId: commission.distributorId,
      amount: Number(cumulative - earlier),
      cumulative: Number(cumulative),
      earned: commission.amount,
    };
  });
}
