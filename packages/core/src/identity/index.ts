export { deriveIdentityKey, signIdentityToken, verifyIdentityToken, IdentityTokenError } from './token';
export type { IdentityClaims } from './token';
export { hmacSha256, timingSafeEqual } from './hmac';
export { toBase64Url, fromBase64Url, toHex } from './base64url';
