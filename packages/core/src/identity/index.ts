export { deriveIdentityKey, signIdentityToken, verifyIdentityToken, IdentityTokenError, IDENTITY_TOKEN_MAX_LIFETIME_SECONDS } from './token';
export type { IdentityClaims, VerifyIdentityTokenOptions } from './token';
export { hmacSha256, timingSafeEqual } from './hmac';
export { toBase64Url, fromBase64Url, toHex } from './base64url';
