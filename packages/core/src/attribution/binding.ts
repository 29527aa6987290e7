import { AttributionError, assertDate } from './errors';
import { normalizeReferralCode } from './read-referral';
import type { AttributionSettings, Binding } from './types';

const DAY_MS = 86_400_000;

/**
 * Whether `binding` holds at `now`: made at or before `now`, and `now` is
 * before `expiresAt` (the expiry instant itself is already outside).
 */
export const isBindingActive = (binding: Binding, now: Date): boolean =>
  binding.boundAt.getTime() <= now.getTime() &&
  (binding.expiresAt === null || now.getTime() < binding.expiresAt.getTime());

/** What {@link nextBinding} needs to know about one attributed event. */
export interface NextBindingInput {
  /** The customer's binding as stored, or `null`. */
  current: Binding | null;
  /** The distributor the order was attributed to, or whose link was touched. */
  code: string;
  /** When the order or touch happened. */
  at: Date;
  trigger: 'order' | 'touch';
  program: Pick<AttributionSettings, 'binding'>;
}

/**
 * The customer's binding after an attributed order or a touch.
 *
 * - Mode `'none'`, or a touch when the program binds on orders: `current`
 *   is returned unchanged (nothing binds, nothing stored is destroyed).
 * - An event older than `current.boundAt` (a late-arriving event) never
 *   changes a binding.
 * - No binding, or an expired one: a new binding to `code` from `at`, for
 *   `binding.days` days or permanently.
 * - An active binding to `code`: renewed from `at` (`boundAt` moves to `at`,
 *   the expiry is recomputed from it).
 * - An active binding to another distributor: kept, unless
 *   `binding.allowSteal`, in which case `code` takes the customer.
 *
 * Pure: returns `current` itself when nothing changes, a new object otherwise.
 *
 * @example
 * const b = nextBinding({ current: stored, code: attribution.code, at: order.paidAt, trigger: 'order', program });
 * if (b !== stored) await saveBinding(customerId, b);
 */
export const nextBinding = (input: NextBindingInput): Binding | null => {
  const { current, trigger } = input;
  const at = assertDate(input.at, 'at');
  const code = normalizeReferralCode(input.code);
  if (code === null) throw new AttributionError(`"${String(input.code)}" is not a referral code`);
  const settings = input.program.binding;
  if (settings.mode === 'none' || (trigger === 'touch' && settings.on !== 'touch')) return current;
  if (current && at.getTime() < current.boundAt.getTime()) return current;
  if (current && isBindingActive(current, at) && current.code !== code && !settings.allowSteal) {
    return current;
  }
  let expiresAt: Date | null = null;
  if (settings.mode === 'days') {
    const days = settings.days;
    if (days === undefined || !Number.isInteger(days) || days < 1) {
      throw new AttributionError('binding.days must be a whole number of days ≥ 1 when mode is "days"');
    }
    expiresAt = new Date(at.getTime() + days * DAY_MS);
  }
  return { code, boundAt: at, expiresAt };
};
