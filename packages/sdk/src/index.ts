/**
 * @twotier/sdk — the typed client of the twotier API for browsers and shop
 * backends, and the identity-token signer. Safe to import on the server:
 * nothing touches the DOM at import time. Backend-only helpers live in
 * `@twotier/sdk/server`.
 */
export * from './client';
export { TwotierApiError, isTwotierApiError } from './errors';
export { signIdentityToken, identityTokenKey } from './identity/identity-token';
export type { IdentityClaims } from '@twotier/core';
export type * from '@twotier/core/schema';
export { createTwotier } from './browser/create-twotier';
export type { Twotier, TwotierOptions } from './browser/create-twotier';
