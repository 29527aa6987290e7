/**
 * @twotier/sdk/server — helpers for a shop's backend only: the typed client, the
 * identity-token signer, the referral cookie helper and the webhook signature check.
 */
export { readReferralFromCookies, referralCookie, referralCookies } from './cookies';
export type { CookieReferral, ReferralCookieOptions } from './cookies';
export { signWebhookPayload, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature';
export { signIdentityToken, identityTokenKey } from '../identity/identity-token';
export { deriveIdentityKey, REFERRAL_KEY, VISITOR_KEY } from '@twotier/core';
export type { IdentityClaims } from '@twotier/core';
export * from '../client';
export { TwotierApiError, isTwotierApiError } from '../errors';
