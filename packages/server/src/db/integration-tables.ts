/** The platforms twotier takes orders from through webhooks. */
export type Platform = 'shopify' | 'woocommerce' | 'stripe';

/** What an accepted platform event became. */
export type EventOutcome = 'order' | 'refund' | 'reversal' | 'ignored' | 'duplicate' | 'error';

/** Tables of the connector layer (migration 0020). */
export interface IntegrationTables {
  integration_settings: IntegrationSettingsTable;
  integration_events: IntegrationEventTable;
}

/** One shop's settings of one platform. */
export interface IntegrationSettingsTable {
  shop_id: string;
  platform: Platform;
  /** The webhook signing secret (HMAC needs the secret itself; it is never shown again). */
  secret: string;
  /** JSON of the platform's options (`{ shopDomain }`, `{ countStatuses }`). */
  config: string;
  updated_at: number;
}

/** One accepted platform event, unique per shop, platform and event id. */
export interface IntegrationEventTable {
  shop_id: string;
  platform: Platform;
  /** The platform's delivery or event id (`X-Shopify-Webhook-Id`, `X-WC-Webhook-Delivery-ID`, `evt_…`). */
  event_id: string;
  topic: string;
  outcome: EventOutcome;
  /** twotier's order id the event concerned, when it named one. */
  order_id: string | null;
  /** The last error in words, when the outcome is `error`. */
  error: string | null;
  /** The error's stable code (`not_found`, `currency_mismatch`…), null for rows stored before migration 0022. */
  error_code?: string | null;
  /** JSON of the error's parameters (`{"what":"order","id":"o_1"}`). */
  error_params?: string | null;
  /** JSON of what the event became, returned again to a redelivery. */
  result: string;
  /** Deliveries of this event id (a failed event is tried again when it comes again). */
  attempts: number;
  received_at: number;
}
