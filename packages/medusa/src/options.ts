/**
 * Options of the plugin, given in `medusa-config.ts`:
 *
 * @example
 * plugins: [{
 *   resolve: '@twotier/medusa',
 *   options: { baseUrl: process.env.TWOTIER_URL, secretKey: process.env.TWOTIER_SECRET_KEY },
 * }]
 */
export interface TwotierMedusaOptions {
  /** The twotier server, e.g. `https://twotier.shop.example`. */
  baseUrl: string;
  /** The shop's secret key, `sk_…`. */
  secretKey: string;
  /**
   * When an order counts for commissions: once its payment is captured in
   * full (`'captured'`, the default), or as soon as it is placed (`'placed'`,
   * for shops whose payments are final at checkout).
   */
  countOrderOn?: 'captured' | 'placed';
  /** Put before Medusa's order and refund ids to make twotier's ids (default `medusa:`). */
  idPrefix?: string;
  /** Cart/order metadata key of the referral code (default `twotier_ref`). */
  referralKey?: string;
  /** Cart/order metadata key of the visitor id (default `twotier_visitor`). */
  visitorKey?: string;
  /** Which line field is twotier's `category` for rules: the product's type (default), its collection, or none. */
  categoryFrom?: 'product_type' | 'product_collection' | 'none';
  /** Delivery retries while twotier is unreachable: first delay and the longest (default 5 s and 10 min). */
  retry?: { minDelayMs?: number; maxDelayMs?: number };
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<TwotierMedusaOptions, 'retry'>> & { retry: { minDelayMs: number; maxDelayMs: number } };

/** Fills in the defaults and refuses options the plugin cannot run with, saying which. */
export function resolveOptions(options: Partial<TwotierMedusaOptions> | undefined): ResolvedOptions {
  const o = options ?? {};
  if (typeof o.baseUrl !== 'string' || !/^https?:\/\//.test(o.baseUrl)) {
    throw new TypeError('@twotier/medusa: options.baseUrl must be the twotier server URL (http or https)');
  }
  if (typeof o.secretKey !== 'string' || !o.secretKey.startsWith('sk_')) {
    throw new TypeError('@twotier/medusa: options.secretKey must be the shop secret key (sk_…)');
  }
  if (o.countOrderOn !== undefined && o.countOrderOn !== 'captured' && o.countOrderOn !== 'placed') {
    throw new TypeError('@twotier/medusa: options.countOrderOn is "captured" or "placed"');
  }
  const minDelayMs = o.retry?.minDelayMs ?? 5_000;
  const maxDelayMs = Math.max(minDelayMs, o.retry?.maxDelayMs ?? 600_000);
  return {
    baseUrl: o.baseUrl,
    secretKey: o.secretKey,
    countOrderOn: o.countOrderOn ?? 'captured',
    idPrefix: o.idPrefix ?? 'medusa:',
    referralKey: o.referralKey ?? 'twotier_ref',
    visitorKey: o.visitorKey ?? 'twotier_visitor',
    categoryFrom: o.categoryFrom ?? 'product_type',
    retry: { minDelayMs, maxDelayMs },
    timeoutMs: o.timeoutMs ?? 10_000,
  };
}
