import type { AdminTables } from './admin-tables';
import type { ExtensionTables } from './extension-schema';
import type { IntegrationTables } from './integration-tables';
import type { PayoutTables } from './payout-tables';

/**
 * The whole schema, one type for every query: the tracking server's tables
 * ({@link CoreTables}), the program features' ({@link ExtensionTables}), the
 * connectors' ({@link IntegrationTables}), payout accounts and emails
 * ({@link PayoutTables}) and the dashboard's ({@link AdminTables}).
 */
export interface Database extends CoreTables, ExtensionTables, IntegrationTables, PayoutTables, AdminTables {}

/**
 * Tables of the tracking server. Times are integer milliseconds since the
 * epoch, money is integer minor units (bigint in PostgreSQL), JSON is text.
 * Every table that grows carries `shop_id`, and every primary key and unique
 * constraint includes it, so the schema can be distributed by shop.
 */
export interface CoreTables {
  shops: ShopTable;
  distributors: DistributorTable;
  touches: TouchTable;
  conversions: ConversionTable;
  coupons: CouponTable;
  bindings: BindingTable;
  orders: OrderTable;
  commissions: CommissionTable;
  refunds: RefundTable;
  ledger_entries: LedgerEntryTable;
  withdrawals: WithdrawalTable;
  sessions: SessionTable;
}

export interface ShopTable {
  id: string;
  name: string;
  /** The default currency: the first of `currencies`. */
  currency: string;
  /** JSON array of the accepted ISO 4217 codes, the default first; null (shops before migration 0016) means `[currency]`. */
  currencies: string | null;
  /** JSON array of origins. */
  allowed_origins: string;
  publishable_key: string;
  /** sha256 hex of the secret key; the key itself is never stored. */
  secret_hash: string;
  /** Derived from the secret key; verifies identity tokens. */
  identity_key: string;
  /** JSON of the validated program. */
  program: string;
  created_at: number;
}

export interface DistributorTable {
  shop_id: string;
  id: string;
  code: string;
  name: string;
  email: string | null;
  external_id: string | null;
  /** The shop's user id, once the distributor has logged in with an identity token. */
  user_id: string | null;
  parent_id: string | null;
  status: 'active' | 'pending' | 'suspended';
  grade: string | null;
  created_at: number;
  /** `en` or `zh-CN`: the language of the distributor's emails; null is English (migration 0021). */
  locale?: string | null;
  /** When the distributor unsubscribed from emails; null while subscribed (migration 0021). */
  email_opt_out_at?: number | null;
}

export interface TouchTable {
  shop_id: string;
  event_id: string;
  code: string;
  visitor_id: string;
  url: string;
  referrer: string | null;
  at: number;
}

export interface ConversionTable {
  shop_id: string;
  event_id: string;
  visitor_id: string;
  order_id: string;
  amount: number;
  currency: string;
  code: string | null;
  at: number;
  /** When a verified order with this order id confirmed it (DESIGN.md, Keys and trust); null until then. */
  verified_at: number | null;
}

export interface CouponTable {
  shop_id: string;
  code: string;
  distributor_id: string;
  created_at: number;
}

export interface BindingTable {
  shop_id: string;
  /** `c:<customer id>`, `e:<email>` or `v:<visitor id>`. */
  customer_key: string;
  code: string;
  bound_at: number;
  expires_at: number | null;
}

export interface OrderTable {
  shop_id: string;
  id: string;
  /** sha256 of the canonical request; a replay with another hash is a conflict. */
  request_hash: string;
  currency: string;
  /** JSON of the validated request. */
  body: string;
  base: number;
  total_paid: number;
  refunded: number;
  customer_key: string | null;
  visitor_id: string | null;
  region: string | null;
  distributor_id: string | null;
  /** JSON `{ code, distributorId, source, selfPurchase }` or null. */
  attribution: string | null;
  /**
   * JSON of core's StoredEvaluation (base, totalPaid, lineBases); core's
   * evaluationFromStored makes the whole CommissionEvaluation again with the
   * commissions' rows. Rows written before 2026-12-05 hold the whole evaluation.
   */
  evaluation: string;
  /** JSON of the non-commission part of the first response. */
  not_paid: string;
  placed_at: number;
  created_at: number;
}

export interface CommissionTable {
  shop_id: string;
  id: string;
  order_id: string;
  distributor_id: string;
  level: number;
  currency: string;
  amount: number;
  reversed: number;
  status: 'pending' | 'available' | 'reversed';
  explanation: string;
  available_at: number;
  created_at: number;
}

export interface RefundTable {
  shop_id: string;
  id: string;
  order_id: string;
  request_hash: string;
  amount: number | null;
  items: string | null;
  /** JSON of the reversals, returned again on replay. */
  reversals: string;
  created_at: number;
}

/** One append-only movement of money into (+) or out of (−) one bucket of a distributor's balance. */
export interface LedgerEntryTable {
  shop_id: string;
  id: string;
  distributor_id: string;
  bucket: LedgerBucket;
  kind: string;
  amount: number;
  currency: string;
  commission_id: string | null;
  withdrawal_id: string | null;
  /** Unique per shop when set: the same movement can never be written twice. */
  dedupe_key: string | null;
  note: string | null;
  created_at: number;
}

export type LedgerBucket = 'pending' | 'available' | 'in_withdrawal' | 'paid';

export interface WithdrawalTable {
  shop_id: string;
  id: string;
  distributor_id: string;
  currency: string;
  amount: number;
  fee: number;
  net: number;
  status: 'requested' | 'approved' | 'rejected' | 'paid';
  reason: string | null;
  reference: string | null;
  created_at: number;
  updated_at: number;
  /** The payout account named by the request (migration 0021); null when it named none. */
  payout_account_id?: string | null;
}

export interface SessionTable {
  shop_id: string;
  token_hash: string;
  user_id: string;
  email: string | null;
  name: string | null;
  visitor_id: string | null;
  expires_at: number;
  created_at: number;
}
