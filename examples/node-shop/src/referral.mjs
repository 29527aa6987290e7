import { randomBytes } from 'node:crypto';
import { readReferralFromCookies, referralCookies } from '@twotier/sdk/server';

const CODE = /^[A-Za-z0-9_-]{2,32}$/;

/**
 * Captures a referral on the server, with no tag in the page: `?ref=CODE`
 * becomes the first-party referral cookie (last click wins), and every
 * visitor gets a visitor id cookie on first sight. The cookies have the
 * same names the twotier tag uses, so a shop can add the tag later and
 * nothing is lost.
 *
 * @param {URL} url the request URL (its scheme decides `Secure`)
 * @param {string | undefined} cookieHeader
 * @param {{ newVisitorId?: () => string }} [options]
 * @returns {{ code: string | null, visitorId: string, setCookies: string[], touched: boolean, cleanUrl: string | null }}
 *   `touched` when this request carried a new code; `cleanUrl` is the URL without `ref` to redirect to.
 */
export function captureReferral(url, cookieHeader, options = {}) {
  const kept = readReferralFromCookies(cookieHeader);
  const fromUrl = url.searchParams.get('ref')?.trim() ?? '';
  const code = CODE.test(fromUrl) ? fromUrl : kept.code;
  const visitorId = kept.visitorId ?? (options.newVisitorId ?? (() => `v_${randomBytes(12).toString('base64url')}`))();
  const touched = CODE.test(fromUrl);
  const changed = touched || kept.visitorId === null;
  const setCookies = changed ? referralCookies({ code, visitorId }, { url }) : [];
  let cleanUrl = null;
  if (url.searchParams.has('ref')) {
    const clean = new URL(url);
    clean.searchParams.delete('ref');
    cleanUrl = clean.pathname + clean.search;
  }
  return { code, visitorId, setCookies, touched, cleanUrl };
}
