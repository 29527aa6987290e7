import type { PayoutAccountKind } from '@twotier/core/schema';

/** Tables of payout accounts and distributor emails (migration 0021). */
export interface PayoutTables {
  payout_accounts: PayoutAccountTable;
  email_outbox: EmailOutboxTable;
}

/** One payout account of a distributor. Its details are only ever stored encrypted. */
export interface PayoutAccountTable {
  shop_id: string;
  id: string;
  distributor_id: string;
  kind: PayoutAccountKind;
  /** JSON `{ masked, display }`: what screens show. */
  masked: string;
  /** The key that encrypted `ciphertext` (payouts/keyring.ts). */
  key_id: string;
  /** `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url), AES-256-GCM of the details' JSON. */
  ciphertext: string;
  created_at: number;
  /** Set when deleted; the row stays so withdrawals that named it can still be paid. */
  deleted_at: number | null;
}

/** What an email tells: a new commission, a downline sale, money available, a withdrawal paid or rejected. */
export type EmailKind = 'commission' | 'downline' | 'available' | 'withdrawal_paid' | 'withdrawal_rejected';

/** One email to a distributor, written in the transaction of the event it tells of. */
export interface EmailOutboxTable {
  shop_id: string;
  id: string;
  distributor_id: string;
  kind: EmailKind;
  /** Unique per shop: the same event never queues two emails. */
  dedupe_key: string;
  /** JSON of what the message needs (amounts in minor units, ids). */
  payload: string;
  /** `sent`, or why not: `skipped` (no address, unsubscribed), `expired` (queued while email was off), `failed` (retries ran out). */
  status: 'pending' | 'sent' | 'skipped' | 'expired' | 'failed';
  attempts: number;
  next_attempt_at: number;
  /** A worker's claim on the row, until this time. */
  locked_until: number | null;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
}
