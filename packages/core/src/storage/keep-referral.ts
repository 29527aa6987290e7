import { isValidReferralCode } from '../attribution/read-referral';
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
 * Keeps `value` (a code or an id, `A–Z a–z 0–9 _ -`) under `key` for
 * `maxAgeDays`: a first-party cookie (`SameSite=Lax`, `Secure` on https,
 * host-only, `path=/`) and a localStorage entry with its expiry, the lines the
 * cookie and local-storage engines write and read. Never throws: each place
 * is guarded on its own.
 */
export const keepValue = ({ document: d, storage }: FirstPartyPlaces, key: string, value: string, maxAgeDays = 30, now = Date.now()): void => {
  const seconds = maxAgeDays * 86400;
  try {
    d.cookie = key + '=' + value + ';max-age=' + seconds + ';path=/;SameSite=Lax' + (d.location?.protocol == 'https:' ? ';Secure' : '');
  } catch {}
  try {
    storage!.setItem(key, now + seconds * 1e3 + '|' + value);
  } catch {}
};

/**
 * A kept value (`tt_ref`, `tt_vid`, `tt_consent`): the first well-formed of
 * its cookie and its unexpired localStorage entry, or `null`. A value one
 * place lacks (or holds another value in) is written back there with
 * {@link keepValue} for `maxAgeDays`. Never throws. The script tag's loader
 * reads the kept referral with this on every page, so it is kept small:
 * codes and ids are `A–Z a–z 0–9 _ -`, which need no URI decoding (a kept
 * value that would need it is not well-formed).
 */
export const keptValue = (places: FirstPartyPlaces, key: string, maxAgeDays?: number, now = Date.now()): string | null => {
  let cookie: string | undefined;
  let stored: string | false | undefined;
  try {
    cookie = ('; ' + places.document.cookie).split('; ' + key + '=')[1]!.split(';')[0];
  } catch {}
  try {
    // `<expiresAtMs>|<value>`, as the local-storage engine writes it
    const [expires, value] = places.storage!.getItem(key)!.split(/\|(.*)/s);
    stored = +expires! > now && value;
  } catch {}
  const value = [cookie, stored].find(isValidReferralCode) ?? null;
  if (value && (cookie != value || (places.storage && stored != value))) keepValue(places, key, value, maxAgeDays, now);
  return value;
};

/**
 * The referral store's landing half in one call (the script tag uses its two
 * parts, {@link keptValue} in the loader and {@link keepValue} on a landing):
 * with a well-formed `code` (as {@link readReferralCode} gives it), keeps it
 * and the visitor id (made on first use, its max-age started again) as
 * first-party cookies mirrored in localStorage; without one, reads what is
 * kept. Either way a value found in one place only is written back to the
 * other. Returns the state, which holds what was captured even when nothing
 * could be written. Never throws.
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
  places: FirstPartyPlaces,
  code?: string | null,
  { maxAgeDays = 30, now = Date.now, random = createVisitorId }: KeepReferralOptions = {},
): ReferralState => {
  const get = (key: string) => keptValue(places, key, maxAgeDays, now());
  const c = isValidReferralCode(code) ? code : null;
  let visitorId = get(VISITOR_KEY);
  if (c) keepValue(places, REFERRAL_KEY, c, maxAgeDays, now()), keepValue(places, VISITOR_KEY, (visitorId ||= random()), maxAgeDays, now());
  return { code: c || get(REFERRAL_KEY), visitorId };
};
