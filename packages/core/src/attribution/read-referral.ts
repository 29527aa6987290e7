/**
 * Reading a referral code from a landing URL. Bundled into the script-tag
 * loader, so it stays small: no dependencies, one regular expression.
 */

/** The query parameters read for a referral code when none are configured. */
export const DEFAULT_REFERRAL_PARAMS: readonly string[] = ['ref', 'via'];

const CODE = /^[\w-]{1,64}$/;

/**
 * Whether `code` is a well-formed referral code as it stands: 1–64 characters
 * of `A–Z a–z 0–9 _ -`. Nothing is trimmed here; see {@link normalizeReferralCode}.
 */
export const isValidReferralCode = (code: unknown): code is string =>
  typeof code == 'string' && CODE.test(code);

/**
 * The referral code `code` stands for, trimmed, or `null` when it is not a
 * string or not a well-formed code once trimmed.
 *
 * @example normalizeReferralCode('  alice_01 ') // 'alice_01'
 * @example normalizeReferralCode('a b') // null
 */
export const normalizeReferralCode = (code: unknown): string | null =>
  isValidReferralCode((code = typeof code == 'string' ? code.trim() : code)) ? code : null;

/**
 * The referral code carried by `url`: the first of `params` with a non-empty
 * value wins, is trimmed, and must be a well-formed code, else `null`
 * (a malformed first value is not skipped in favour of a later parameter).
 * Relative or unparsable URLs give `null`; this never throws.
 *
 * @example readReferralCode('https://shop.example/p/1?ref=alice') // 'alice'
 * @example readReferralCode(location.href, ['aff']) // reads ?aff=
 */
export const readReferralCode = (
  url: string | URL,
  params: readonly string[] = DEFAULT_REFERRAL_PARAMS,
): string | null => {
  try {
    const query = new URL(url).searchParams;
    const code = params.map((p) => query.get(p)?.trim()).find((v) => v);
    return isValidReferralCode(code) ? code : null;
  } catch {
    return null;
  }
};

const key = (pair: string): string => {
  try {
    return decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' '));
  } catch {
    return pair;
  }
};

/**
 * `url` as a string without the referral `params` (every occurrence), for
 * `history.replaceState` after the code was captured. The other parameters
 * keep their exact encoding, and the hash is kept. An unparsable URL is
 * returned unchanged.
 *
 * @example stripReferralParams('https://s.example/?a=1&ref=x#top') // 'https://s.example/?a=1#top'
 */
export const stripReferralParams = (
  url: string | URL,
  params: readonly string[] = DEFAULT_REFERRAL_PARAMS,
): string => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return String(url);
  }
  u.search = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair && !params.includes(key(pair)))
    .join('&');
  return u.href;
};
