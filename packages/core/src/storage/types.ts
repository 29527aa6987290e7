/**
 * Where the referral store keeps a value. Every method may throw (private
 * mode, disabled storage, quota, `SecurityError`); the store guards each call.
 */
export interface StorageEngine {
  /** The value kept under `key`, or `null` when absent or expired. */
  get(key: string): string | null;
  /** Keeps `value` under `key` for `maxAgeSeconds`; `0` or less removes it. */
  set(key: string, value: string, maxAgeSeconds: number): void;
  remove(key: string): void;
}

/** The part of `document` the cookie engine uses. */
export interface CookieDocument {
  cookie: string;
  location?: { protocol: string } | null;
}

/** The part of `localStorage` the local-storage engine uses. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What the store holds: the last captured referral code and the visitor id. */
export interface ReferralState {
  code: string | null;
  visitorId: string | null;
}
