import { isValidReferralCode } from '../attribution/read-referral';
import { cookieLine, readCookie, storedLine, storedValue } from './first-party';
import { REFERRAL_KEY, VISITOR_KEY } from './referral-store';
import type { CookieDocument, KeyValueStorage, ReferralState } from './types';
import { createVisitorId } from './visitor-id';

/** Where {@link keepReferral} keeps values: the page's cookies, mirrored in localStorage when there is one. */
export interface FirstPartyPlaces {
  /** The page's `document` (or anything with a `cookie` string and a `location`). */
  document: CookieDocument;
  /** Usually `window.localStorage`; reading that property can itself throw, so pass it from a guarded spot. */
  storage?: KeyValueStorage | null;
}

/** Options of {@link keepReferral}. */
export interface KeepReferralOptions {
  /** How long the referral code and visitor id are kept, default 30 days. */
  maxAgeDays?: number;
  /** The clock, epoch milliseconds. */
  now?: () => number;
  /** Makes a new visitor id; {@link createVisitorId} by default. */
  random?: () => string;
}

/**
 * What a page arriving through a referral link needs of the referral store,
 * and no more (the script tag's landing path is held to a size budget): with
 * a well-formed `code` (as {@link readReferralCode} gives it), keeps it and the visitor id (made on first use, its
 * max-age started again) as first-party cookies (`SameSite=Lax`, `Secure` on
 * https, host-only) mirrored in localStorage; without one, reads what is kept.
 * Either way a value found in one place only is written back to the other
 * (cookies cleared and localStorage kept, or the reverse). Returns the state,
 * which holds what was captured even when nothing could be written. Never
 * throws.
 *
 * It has none of the store's consent handling, in-memory copy, engine
 * choice or `clear`: call it once consent is given (or not required).
 * {@link createReferralStore} is the whole store; both read and write the same
 * cookies and entries.
 *
 * @example
 * const { code, visitorId } = keepReferral({ document, storage: localStorage }, readReferralCode(location.href));
 */
export const keepReferral = (
  { document: d, storage }: FirstPartyPlaces,
  code?: string | null,
  { maxAgeDays = 30, now = Date.now, random = createVisitorId }: KeepReferralOptions = {},
): ReferralState => {
  const seconds = maxAgeDays * 86400;
  const attributes = ';SameSite=Lax' + (d.location?.protocol == 'https:' ? ';Secure' : '');
  // Storage may be disabled, full or forbidden, the clock may fail: each step is guarded on its own.
  const set = (key: string, value: string) => {
    try {
      d.cookie = cookieLine(key, value, seconds, attributes);
    } catch {}
    try {
      storage!.setItem(key, storedLine(value, seconds, now()));
    } catch {}
  };
  const get = (key: string): string | null => {
    let cookie: string | null | undefined;
    let stored: string | null | undefined;
    try {
      cookie = readCookie(d.cookie, key);
    } catch {}
    try {
      stored = storedValue(storage!.getItem(key), now());
    } catch {}
    const value = [cookie, stored].find(isValidReferralCode) ?? null;
    if (value && (cookie != value || (storage && stored != value))) set(key, value);
    return value;
  };
  const c = isValidReferralCode(code) ? code : null;
  let visitorId = get(VISITOR_KEY);
  if (c) set(REFERRAL_KEY, c), set(VISITOR_KEY, (visitorId ||= random()));
  return { code: c || get(REFERRAL_KEY), visitorId };
};
