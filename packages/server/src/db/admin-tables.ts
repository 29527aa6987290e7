/** An admin user of one shop: the operator creates them, they sign in to `/admin`. */
export interface AdminUserTable {
  shop_id: string;
  id: string;
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url salt and hash). */
  password_hash: string;
  /** Unused since migration 0018: attempts are counted per email in `admin_sign_in_attempts`. */
  failed_attempts: number;
  /** Unused since migration 0018. */
  locked_until: number | null;
  created_at: number;
}

/** A signed-in admin: the cookie holds the token, only its sha256 is stored. */
export interface AdminSessionTable {
  token_hash: string;
  shop_id: string;
  user_id: string;
  /** The double-submit CSRF token every non-GET request must echo in `X-CSRF-Token`. */
  csrf_token: string;
  expires_at: number;
  created_at: number;
}

/** Sign-in attempts of one email (by its SHA-256), known to the server or not, in the current window. */
export interface AdminSignInAttemptsTable {
  email_hash: string;
  attempts: number;
  /** When the window ends (ms): the next attempt after it starts a new one. */
  window_ends_at: number;
}

/**
 * One distributor's running totals, kept in the transactions that change
 * them, so the table sorts by them through an index. Money is in the shop's
 * default currency only (orders and commissions in other currencies are not
 * added to it).
 */
export interface DistributorTotalsTable {
  shop_id: string;
  distributor_id: string;
  /** Attributed sales net of refunds, minor units. */
  sales: number;
  orders: number;
  /** Commissions at both levels net of reversals, minor units. */
  commissions: number;
  recruits: number;
  /** The last attributed order or click (ms), 0 for none. */
  last_activity_at: number;
}

/** How many distributors a shop has in each status, kept in the transactions that add or change them. */
export interface DistributorCountsTable {
  shop_id: string;
  status: string;
  n: number;
}

/** The dashboard's tables (migrations 0003, 0007, 0008, 0018; 0025 dropped 0004's day rollups, now kept in `daily_sales`). */
export interface AdminTables {
  admin_users: AdminUserTable;
  admin_sessions: AdminSessionTable;
  admin_sign_in_attempts: AdminSignInAttemptsTable;
  distributor_totals: DistributorTotalsTable;
  distributor_counts: DistributorCountsTable;
}
