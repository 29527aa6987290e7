/**
 * Tables of the program features beyond single orders: bonuses, referee
 * rewards, webhooks, daily rollups, Stripe and per-shop server settings.
 * Like every other table, each carries `shop_id` in every key.
 */
export interface ExtensionTables {
  shop_settings: ShopSettingsTable;
  bonuses: BonusTable;
  bonus_periods: BonusPeriodTable;
  reward_coupons: RewardCouponTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  daily_clicks: DailyClickTable;
  daily_click_totals: DailyClickTotalTable;
  daily_sales: DailySalesTable;
  stripe_events: StripeEventTable;
  stripe_payments: StripePaymentTable;
  welcome_daily_counts: WelcomeDailyCountTable;
}

export interface ShopSettingsTable {
  shop_id: string;
  /** 1 when visitors arriving through a distributor's link are offered a coupon from the pool. */
  referee_reward_enabled: number;
  /** Raw clicks older than this many days are pruned (rollups stay); null keeps them. */
  click_retention_days: number | null;
  /** Stripe's webhook signing secret (`whsec_…`). */
  stripe_signing_secret: string | null;
  /** Welcome coupons per distributor per UTC day; null: the default (20). */
  welcome_daily_cap_per_distributor: number | null;
  /** Welcome coupons per client IP per UTC day; null: the default (1). */
  welcome_daily_cap_per_ip: number | null;
  updated_at: number;
}

export interface BonusTable {
  shop_id: string;
  id: string;
  distributor_id: string;
  /** `month:2026-03-01` or `week:2026-03-02` (the period's first day, UTC). */
  period: string;
  kind: 'performance' | 'team';
  sales: number;
  amount: number;
  currency: string;
  /** JSON `{ tier, explanation }`. */
  explanation: string;
  created_at: number;
}

export interface BonusPeriodTable {
  shop_id: string;
  period: string;
  distributors: number;
  total: number;
  run_at: number;
}

export interface RewardCouponTable {
  shop_id: string;
  code: string;
  visitor_id: string | null;
  distributor_id: string | null;
  assigned_at: number | null;
  created_at: number;
}

export interface WebhookEndpointTable {
  shop_id: string;
  id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  /** `whsec_…`; signs deliveries (HMAC needs the secret itself, so it is kept, and shown once). */
  secret: string;
  description: string | null;
  active: number;
  created_at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryTable {
  shop_id: string;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The JSON body, exactly as sent. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  /** A worker holds the row until then; another may take it afterwards. */
  locked_until: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface DailyClickTable {
  shop_id: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  code: string;
  clicks: number;
}

/** A shop's clicks of one UTC day, all codes (migration 0025): the Overview reads a row per day. */
export interface DailyClickTotalTable {
  shop_id: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  clicks: number;
}

/** The dimensions `GET /v1/stats` and Analytics group attributed sales by. */
export type SalesDimension = 'day' | 'distributor' | 'product' | 'region';

/**
 * The dashboard's day figures, kept in the same rollup rows (migration 0025):
 * `all` every order; `pending`, `available`, `reversed` commissions by level;
 * `paid` withdrawals paid out.
 */
export type FigureDimension = 'all' | 'pending' | 'available' | 'reversed' | 'paid';

/**
 * One rollup row: a shop's day (UTC, the order's `placed_at` for order
 * figures, the commission's `created_at` for commission figures, the day a
 * withdrawal was paid) in one currency, kept by the writes themselves
 * (stats/rollups.ts, read-models/daily-figures.ts). Amounts of two
 * currencies are never in one row.
 *
 * | dim | key | orders | sales | revenue | commissions |
 * | --- | --- | --- | --- | --- | --- |
 * | `day` | '' | attributed orders not refunded in full | item sales | attributed orders' paid − refunded | earned − reversed |
 * | `distributor`, `region` | id, region as sent | the same | the same | 0 | the same |
 * | `product` | sku | orders with the sku | its item sales | 0 | its share |
 * | `all` | '' | every order not refunded in full | 0 | every order's paid − refunded | 0 |
 * | `pending`, `available` | level | 0 | 0 | 0 | commissions now in that status, net of reversals |
 * | `reversed` | level | 0 | 0 | 0 | what refunds reversed |
 * | `paid` | '' | 0 | 0 | 0 | withdrawals marked paid that day |
 */
export interface DailySalesTable {
  shop_id: string;
  day: string;
  dim: SalesDimension | FigureDimension;
  /** '' for dims `day`, `all` and `paid`; the distributor id, sku, region or commission level otherwise. */
  key: string;
  currency: string;
  orders: number;
  sales: number;
  /** What customers paid less refunds, shipping and tax included (docs/figures.md "Sales"); dims `day` and `all` only. */
  revenue: number;
  commissions: number;
}

export interface StripeEventTable {
  shop_id: string;
  id: string;
  type: string;
  /** JSON of what the event became. */
  result: string;
  received_at: number;
}

/** A Stripe payment intent and the order it became. */
export interface StripePaymentTable {
  shop_id: string;
  payment_intent: string;
  order_id: string;
  created_at: number;
}

/** Welcome coupons handed out on one UTC day, per distributor or per client IP (migration 0019). */
export interface WelcomeDailyCountTable {
  shop_id: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  scope: 'distributor' | 'ip';
  /** The distributor id, or a sha256 of the shop id and client IP (no IP is stored). */
  subject: string;
  assigned: number;
}
