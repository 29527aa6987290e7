import type { OrderCreate, RefundCreate } from '@twotier/core/schema';
import { AmountError, ZERO, add, compare, readAmount, roundedMinorUnits } from '../amounts/decimal';
import type { ResolvedOptions } from '../options';
import type { MedusaOrder, MedusaRefund } from './medusa-order';
import { convertOrder } from './order-input';

/** One thing twotier should hold for a Medusa order, keyed so it is sent once. */
export type PlannedEvent = { key: string; medusaOrderId: string; twotierOrderId: string } & (
  | { kind: 'order'; payload: OrderCreate }
  | { kind: 'refund'; payload: RefundCreate }
  /** Not sendable: the reason, kept where the shop owner can read it. */
  | { kind: 'order' | 'refund'; refused: string }
);

const compact = <T>(list: (T | null | undefined)[] | null | undefined): T[] => (list ?? []).filter((x): x is T => x != null);

const time = (value: string | Date | null | undefined): number => (value ? new Date(value).getTime() || 0 : 0);

/**
 * Whether the order's payment is captured in full: the captured amounts of
 * its payment collections cover their amounts, compared exactly. A
 * collection canceled before anything was captured is left out; one canceled
 * after its capture (Medusa cancels the collection when it cancels a paid
 * order) still counts, so the refunds of that cancellation are planned.
 */
export function isCaptured(order: MedusaOrder): boolean {
  let amount = ZERO;
  let captured = ZERO;
  for (const c of compact(order.payment_collections)) {
    const collected = readAmount(c.raw_captured_amount ?? c.captured_amount ?? 0, `captured amount of payment collection ${c.id}`);
    if (c.status === 'canceled' && compare(collected, ZERO) <= 0) continue;
    amount = add(amount, readAmount(c.raw_amount ?? c.amount, `amount of payment collection ${c.id}`));
    captured = add(captured, collected);
  }
  return compare(amount, ZERO) > 0 && compare(captured, amount) >= 0;
}

/** The order's refunds, oldest first. */
const refundsOf = (order: MedusaOrder): MedusaRefund[] =>
  compact(order.payment_collections)
    .flatMap((c) => compact(c.payments))
    .flatMap((p) => compact(p.refunds))
    .sort((a, b) => time(a.created_at) - time(b.created_at) || a.id.localeCompare(b.id));

const isCanceled = (order: MedusaOrder): boolean => order.status === 'canceled' || Boolean(order.canceled_at);

/**
 * Everything twotier should hold for this Medusa order as it stands, in the
 * order it must arrive: the order once it counts (see `countOrderOn`), each
 * Medusa refund as a refund by amount (its own id), and — once the order is
 * canceled — a refund of whatever the refunds left, so a cancellation
 * reverses the rest. Pure: the same order always gives the same keys and
 * payloads, so planning again after any event re-sends nothing.
 *
 * An order whose amounts are not exact gives one `refused` event with the reason.
 */
export function planEvents(order: MedusaOrder, options: ResolvedOptions): PlannedEvent[] {
  const twotierOrderId = `${options.idPrefix}${order.id}`;
  const base = { medusaOrderId: order.id, twotierOrderId };
  let converted;
  try {
    if (options.countOrderOn !== 'placed' && !isCaptured(order)) return [];
    converted = convertOrder(order, options);
  } catch (error) {
    if (error instanceof AmountError) return [{ ...base, key: `order:${order.id}`, kind: 'order', refused: error.message }];
    throw error;
  }
  const currency = converted.input.currency;
  const events: PlannedEvent[] = [{ ...base, key: `order:${order.id}`, kind: 'order', payload: converted.input }];

  let refunded = 0;
  for (const refund of refundsOf(order)) {
    let amount: number;
    try {
      amount = roundedMinorUnits(readAmount(refund.raw_amount ?? refund.amount, `amount of refund ${refund.id}`), currency, `refund ${refund.id}`);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      events.push({ ...base, key: `refund:${refund.id}`, kind: 'refund', refused: error.message });
      continue;
    }
    // Each refund rounds on its own; never ask twotier to take back more than was paid (it would refuse with 422).
    amount = Math.min(amount, converted.totalPaid - refunded);
    if (amount <= 0) continue;
    refunded += amount;
    events.push({ ...base, key: `refund:${refund.id}`, kind: 'refund', payload: { id: `${options.idPrefix}${refund.id}`, amount } });
  }

  const rest = converted.totalPaid - refunded;
  if (isCanceled(order) && rest > 0) {
    events.push({ ...base, key: `cancel:${order.id}`, kind: 'refund', payload: { id: `${options.idPrefix}${order.id}:canceled`, amount: rest } });
  }
  return events;
}
