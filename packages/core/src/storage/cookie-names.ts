/**
 * Names of the first-party cookies (and localStorage keys) that hold a
 * visitor's referral. The script-tag loader writes them, the SDK's server
 * helper reads and re-sets them: both take the names from here.
 */

/** The referral code the visitor last arrived with (`?ref=`). */
export const REFERRAL_COOKIE = 'tt_ref';

/** The visitor's first-party id (`client_reference_id`, `visitorId` on orders). */
export const VISITOR_COOKIE = 'tt_vid';

/** Default lifetime of both cookies, in days. */
export const REFERRAL_MAX_AGE_DAYS = 90;
