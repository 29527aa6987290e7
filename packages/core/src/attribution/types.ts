import type { Program } from '../schema/program';

/** The program settings attribution reads. */
export type AttributionSettings = Pick<
  Program,
  'attributionModel' | 'attributionWindowDays' | 'binding' | 'selfPurchase'
>;

/** A visit that arrived with a referral code (点击). */
export interface Touch {
  /** The distributor's referral code. */
  code: string;
  /** The first-party visitor id of the browser that made the visit. */
  visitorId: string;
  /** When the visit happened. */
  at: Date;
  /** Landing URL. */
  url?: string;
  /** `document.referrer` of the landing page. */
  referrer?: string;
}

/** A customer kept with one distributor for a period (客户绑定 / 锁客). */
export interface Binding {
  /** The distributor the customer is bound to. */
  code: string;
  /** When the binding was made or last renewed. */
  boundAt: Date;
  /** First instant the binding no longer holds; `null` is permanent. */
  expiresAt: Date | null;
}

/** Where an order's distributor came from, strongest first. */
export type AttributionSource = 'explicit' | 'coupon' | 'binding' | 'touch';

/** The distributor an order is attributed to, and why. */
export interface Attribution {
  /** The referral code of the distributor earning level 1. */
  code: string;
  source: AttributionSource;
  /** The touch that won, when `source` is `'touch'`. */
  touch?: Touch;
  /** The buyer is this distributor, and the program pays self-purchase (自购返佣). */
  selfPurchase: boolean;
}
