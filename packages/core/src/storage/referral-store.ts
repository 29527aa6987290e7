import { isValidReferralCode, normalizeReferralCode } from '../attribution/read-referral';
import { createMemoryEngine } from './memory-engine';
import type { ReferralState, StorageEngine } from './types';
import { createVisitorId } from './visitor-id';

/** Cookie name and storage key of the captured referral code (a server may read the cookie). */
export const REFERRAL_KEY = 'tt_ref';
/** Cookie name and storage key of the visitor id. */
export const VISITOR_KEY = 'tt_vid';
/** Cookie name and storage key of a granted consent (`'1'`). */
export const CONSENT_KEY = 'tt_consent';

/** Options of {@link createReferralStore}. */
export interface ReferralStoreOptions {
  /** Engines in order of trust, e.g. cookie then localStorage; each mirrors the others. */
  engines: readonly StorageEngine[];
  /** Write nothing to any engine until `setConsent(true)` (or a stored consent). */
  consentRequired?: boolean;
  /** How long the referral code and visitor id are kept, default 30 days. */
  maxAgeDays?: number;
  /** The clock, epoch milliseconds (for the in-memory copy). */
  now?: () => number;
  /** Makes a new visitor id, 1–64 characters of `A–Z a–z 0–9 _ -`, without throwing; {@link createVisitorId} by default. */
  random?: () => string;
}

/** The first-party referral store; see {@link createReferralStore}. */
export interface ReferralStore {
  /** The kept referral code and visitor id (each `null` when absent). */
  get(): ReferralState;
  /** Keeps `code` (trimmed; a malformed code is ignored) and returns the state. */
  capture(code: string): { code: string | null; visitorId: string };
  /** The visitor id, made and kept on first use. */
  visitorId(): string;
  /** Grants (stored, pending values written) or refuses (everything cleared) consent. */
  setConsent(granted: boolean): void;
  hasConsent(): boolean;
  /** Forgets the referral code and visitor id; consent is left as it is. */
  clear(): void;
}

/**
 * Keeps the referral code and visitor id first-party, mirrored across
 * `engines`. Never throws: every engine call is guarded, and an in-memory
 * copy keeps the page working when every engine fails. A value missing from
 * (or different in) one engine is read from the first engine that has it and
 * written back to the others (with a full `maxAgeDays`). Until consent, when
 * `consentRequired`, values live in memory only and no engine is written.
 *
 * @example
 * const store = createReferralStore({
 *   engines: [createCookieEngine({ document }), createLocalStorageEngine(localStorage)],
 * });
 * const code = readReferralCode(location.href);
 * if (code) store.capture(code);
 */
export const createReferralStore = ({
  engines,
  consentRequired,
  maxAgeDays = 30,
  now,
  random = createVisitorId,
}: ReferralStoreOptions): ReferralStore => {
  const memory = createMemoryEngine(now);
  const all = [...engines, memory];
  let consent = !consentRequired;
  // Before consent only the in-memory copy is read and written.
  const targets = (): readonly StorageEngine[] => (consent ? all : [memory]);
  // Storage may be disabled, full or forbidden: no engine call may throw.
  const each = (
    method: keyof StorageEngine,
    key: string,
    value = '',
    seconds = maxAgeDays * 86400,
    list: readonly StorageEngine[] = targets(),
  ): (string | null | void)[] =>
    list.map((e) => {
      try {
        return e[method](key, value, seconds);
      } catch {}
    });
  consent ||= each('get', CONSENT_KEY, '', 0, engines).includes('1');
  const read = (key: string, list = targets()): string | null => {
    const found = each('get', key, '', 0, list);
    const value = found.find(isValidReferralCode) ?? null;
    // Repair: an engine that lost the value (or holds another) gets it back.
    if (value) each('set', key, value, undefined, list.filter((_, i) => found[i] != value));
    return value;
  };
  const remove = (keys: string[]) => keys.map((key) => each('remove', key, '', 0, all));
  // `refresh` rewrites a kept id so that its max-age starts again.
  const visitorId = (refresh?: boolean): string => {
    let id = read(VISITOR_KEY);
    if (!id || refresh) each('set', VISITOR_KEY, (id ||= random()));
    return id;
  };
  return {
    get: (): ReferralState => ({ code: read(REFERRAL_KEY), visitorId: read(VISITOR_KEY) }),
    capture(code) {
      const c = normalizeReferralCode(code);
      if (c) each('set', REFERRAL_KEY, c);
      return { code: read(REFERRAL_KEY), visitorId: visitorId(true) };
    },
    visitorId: () => visitorId(),
    setConsent(granted) {
      if (granted) {
        consent = true;
        each('set', CONSENT_KEY, '1', 31536e3); // a year
        // Memory first: what this page kept wins over anything stored before, and is written everywhere.
        for (const key of [REFERRAL_KEY, VISITOR_KEY]) read(key, [memory, ...engines]);
      } else {
        consent = false;
        remove([REFERRAL_KEY, VISITOR_KEY, CONSENT_KEY]);
      }
    },
    hasConsent: () => consent,
    clear: () => void remove([REFERRAL_KEY, VISITOR_KEY]),
  };
};
