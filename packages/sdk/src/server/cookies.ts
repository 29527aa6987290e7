import { isValidReferralCode, REFERRAL_KEY as REFERRAL_COOKIE, VISITOR_KEY as VISITOR_COOKIE } from '@twotier/core';

/** Default lifetime of the cookies, in days: the same as the widget's referral store. */
const REFERRAL_MAX_AGE_DAYS = 30;

/** A visitor's referral as the cookies carry it; `null` where absent or malformed. */
export interface CookieReferral {
  code: string | null;
  visitorId: string | null;
}

/** Options of {@link referralCookie} and {@link referralCookies}. */
export interface ReferralCookieOptions {
  /** Add `Secure`. Default: true, unless `url` is given and is plain http. */
  secure?: boolean;
  /** The request URL, to decide `Secure` by its scheme. */
  url?: string | URL;
  /** Share across subdomains, e.g. `shop.example`. Default: host-only. */
  domain?: string;
  /** Lifetime in days (default 30). `0` deletes the cookie. */
  maxAgeDays?: number;
  /**
   * Hide from scripts. Off by default so the widget can still read the same cookies;
   * a cookie set by the server (HttpOnly or not) is not capped at 7 days by Safari.
   */
  httpOnly?: boolean;
  path?: string;
}

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

const parseCookies = (header: string): Map<string, string> => {
  const out = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
};

/**
 * Reads the referral code and visitor id the widget stored, from a `Cookie` request header.
 * Malformed values read as `null`; this never throws.
 *
 * @example
 * const { code, visitorId } = readReferralFromCookies(req.headers.get('cookie'));
 * await twotier.orders.create({ ...order, visitorId: visitorId ?? undefined });
 */
export function readReferralFromCookies(cookieHeader: string | null | undefined): CookieReferral {
  const cookies = typeof cookieHeader === 'string' ? parseCookies(cookieHeader) : new Map<string, string>();
  const code = cookies.get(REFERRAL_COOKIE);
  const visitorId = cookies.get(VISITOR_COOKIE);
  return {
    code: isValidReferralCode(code) ? code : null,
    visitorId: visitorId !== undefined && VISITOR_ID.test(visitorId) ? visitorId : null,
  };
}

/**
 * One first-party `Set-Cookie` value: `SameSite=Lax`, `Path=/`, `Max-Age`, `Secure` on https.
 *
 * @example res.headers.append('set-cookie', referralCookie('tt_vid', visitorId, { url: req.url }))
 */
export function referralCookie(name: string, value: string, options: ReferralCookieOptions = {}): string {
  if (!/^[\w-]+$/.test(name)) throw new TypeError(`referralCookie: invalid cookie name "${name}"`);
  const days = options.maxAgeDays ?? REFERRAL_MAX_AGE_DAYS;
  if (!Number.isFinite(days) || days < 0) throw new TypeError('referralCookie: maxAgeDays must be a number ≥ 0');
  const secure = options.secure ?? (options.url === undefined || new URL(String(options.url)).protocol === 'https:');
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, `Max-Age=${Math.floor(days * 86_400)}`, 'SameSite=Lax'];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  if (secure) parts.push('Secure');
  if (options.httpOnly) parts.push('HttpOnly');
  return parts.join('; ');
}

/**
 * The `Set-Cookie` values that (re)set a visitor's referral from the server, under the
 * same names the widget writes. Invalid or missing parts are skipped.
 *
 * @example
 * for (const c of referralCookies(readReferralFromCookies(cookie), { url: req.url })) res.append('set-cookie', c);
 */
export function referralCookies(referral: Partial<CookieReferral>, options: ReferralCookieOptions = {}): string[] {
  const out: string[] = [];
  if (referral.visitorId && VISITOR_ID.test(referral.visitorId)) out.push(referralCookie(VISITOR_COOKIE, referral.visitorId, options));
  if (isValidReferralCode(referral.code)) out.push(referralCookie(REFERRAL_COOKIE, referral.code, options));
  return out;
}
