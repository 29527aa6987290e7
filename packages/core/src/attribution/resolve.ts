import { isBindingActive } from './binding';
import { assertDate } from './errors';
import { normalizeReferralCode } from './read-referral';
import type { Attribution, AttributionSettings, AttributionSource, Binding, Touch } from './types';

const DAY_MS = 86_400_000;

/** What {@link resolveAttribution} weighs for one order. */
export interface ResolveAttributionInput {
  /** When the order was placed; touches after it are never picked. */
  now: Date;
  program: AttributionSettings;
  /** A distributor code written on the order itself. */
  explicitCode?: string | null;
  /** The coupon code used on the order, if any. */
  couponCode?: string | null;
  /** The referral code of the distributor owning a coupon, or `null` for a shop coupon. */
  couponOwner?: (couponCode: string) => string | null;
  /** The customer's stored binding. */
  binding?: Binding | null;
  /** The visitor's touches, in any order. */
  touches: readonly Touch[];
  /** The buyer's own distributor code, when the buyer is a distributor. */
  buyerCode?: string | null;
  /** Known and not suspended; by default every well-formed code is. */
  isEligible?: (code: string) => boolean;
}

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders touches by time, earliest first. Equal times are ordered by code,
 * visitor id, URL and referrer, so a pick never depends on array order.
 */
export const compareTouches = (a: Touch, b: Touch): number =>
  a.at.getTime() - b.at.getTime() ||
  order(a.code, b.code) ||
  order(a.visitorId, b.visitorId) ||
  order(a.url ?? '', b.url ?? '') ||
  order(a.referrer ?? '', b.referrer ?? '');

/**
 * Whether `touch` counts at `now`: not in the future, and at most
 * `windowDays` old. A touch exactly `windowDays × 24 h` old still counts.
 */
export const isTouchInWindow = (touch: Touch, now: Date, windowDays: number): boolean => {
  const age = now.getTime() - touch.at.getTime();
  return age >= 0 && age <= windowDays * DAY_MS;
};

/**
 * The touch an order goes to among `touches`: the latest for `last_click`,
 * the earliest for `first_click`, or `null` when there is none. The caller
 * filters by window and eligibility first.
 */
export const pickTouch = (
  touches: readonly Touch[],
  model: AttributionSettings['attributionModel'],
): Touch | null => {
  const sign = model === 'first_click' ? -1 : 1;
  let best: Touch | null = null;
  for (const t of touches) if (!best || sign * compareTouches(t, best) > 0) best = t;
  return best;
};

/**
 * The distributor an order is attributed to, or `null` (organic).
 *
 * Precedence (DESIGN.md, Attribution):
 * 1. `explicitCode` on the order;
 * 2. the owner of `couponCode` (via `couponOwner`);
 * 3. an active `binding` (`boundAt ≤ now < expiresAt`), unless the program's
 *    binding mode is `'none'`, which ignores stored bindings;
 * 4. the visitor's `touches` inside the attribution window, last click or
 *    first click by `program.attributionModel`;
 * 5. `null`.
 *
 * A source whose code is malformed or fails `isEligible` (unknown,
 * suspended) is passed over and the next one is tried.
 *
 * Binding: an explicit code or a coupon is the buyer's own choice at
 * checkout, so both still win over a binding even when stealing is off.
 * With `binding.allowSteal` off, touches never take a bound customer. With
 * it on, the touches newer than `boundAt` are picked by the model, and the
 * pick wins when it is another distributor's.
 *
 * Self-purchase: when the resolved code is `buyerCode`, the buyer bought
 * from themself. With `selfPurchase: 'block'` the order is not attributed
 * at all (`null`, no fall-through to a weaker source); with `'allow'` the
 * attribution is returned with `selfPurchase: true`.
 *
 * @example
 * resolveAttribution({ now: new Date(), program, touches, buyerCode: me?.code })
 * // { code: 'alice', source: 'touch', touch, selfPurchase: false }
 */
export const resolveAttribution = (input: ResolveAttributionInput): Attribution | null => {
  const now = assertDate(input.now, 'now');
  const { program, isEligible = () => true } = input;
  const eligible = (raw: unknown): string | null => {
    const code = normalizeReferralCode(raw);
    return code !== null && isEligible(code) ? code : null;
  };
  const buyer = normalizeReferralCode(input.buyerCode);
  const done = (code: string, source: AttributionSource, touch?: Touch): Attribution | null => {
    const self = code === buyer;
    if (self && program.selfPurchase !== 'allow') return null;
    return touch ? { code, source, touch, selfPurchase: self } : { code, source, selfPurchase: self };
  };

  const explicit = eligible(input.explicitCode);
  if (explicit) return done(explicit, 'explicit');

  const coupon = normalizeCoupon(input.couponCode);
  const owner = coupon && input.couponOwner ? eligible(input.couponOwner(coupon)) : null;
  if (owner) return done(owner, 'coupon');

  const inWindow = input.touches.filter((t) => {
    assertDate(t.at, 'touch.at');
    return isTouchInWindow(t, now, program.attributionWindowDays) && eligible(t.code) !== null;
  });

  const b = input.binding;
  const bound = b && program.binding.mode !== 'none' && isBindingActive(b, now) ? eligible(b.code) : null;
  if (b && bound) {
    if (program.binding.allowSteal) {
      const after = inWindow.filter((t) => t.at.getTime() > b.boundAt.getTime());
      const stealer = pickTouch(after, program.attributionModel);
      const code = stealer && normalizeReferralCode(stealer.code);
      if (stealer && code && code !== bound) return done(code, 'touch', stealer);
    }
    return done(bound, 'binding');
  }

  const touch = pickTouch(inWindow, program.attributionModel);
  return touch ? done(normalizeReferralCode(touch.code)!, 'touch', touch) : null;
};

const normalizeCoupon = (coupon: string | null | undefined): string | null => {
  const c = typeof coupon === 'string' ? coupon.trim() : '';
  return c || null;
};
