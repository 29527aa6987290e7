import { deriveIdentityKey, IdentityTokenError, type IdentityClaims } from '@twotier/core';
import { SignJWT } from 'jose';

const encoder = new TextEncoder();

/**
 * The HMAC key of a shop's identity tokens, as the bytes a JWT library takes:
 * the UTF-8 text of `hex(HMAC-SHA256(secretKey, "twotier-identity-v1"))`.
 * The server stores only this derived key (never the secret key), so it is
 * the key both sides share.
 *
 * @example
 * const key = await identityTokenKey(process.env.TWOTIER_SECRET_KEY!);
 * // the same bytes in PHP: hash_hmac('sha256', 'twotier-identity-v1', $secretKey)
 */
export async function identityTokenKey(secretKey: string): Promise<Uint8Array> {
  return encoder.encode(await deriveIdentityKey(secretKey));
}

/**
 * Signs an identity token on the shop's backend: a standard JWT (HS256) with
 * the claims `sub` and `userId` (your user's id), `email?`, `name?` and `exp`
 * (Unix seconds; keep it minutes ahead, the server refuses more than a day).
 * Any JWT library can make the same token: see docs/backend.md.
 *
 * @example
 * const token = await signIdentityToken(process.env.TWOTIER_SECRET_KEY!, {
 *   userId: user.id, name: user.name, exp: Math.floor(Date.now() / 1000) + 600,
 * });
 */
export async function signIdentityToken(secretKey: string, claims: IdentityClaims): Promise<string> {
  if (typeof claims.userId !== 'string' || claims.userId.length === 0 || claims.userId.length > 128) {
    throw new IdentityTokenError('malformed', 'userId must be a non-empty string of at most 128 characters');
  }
  if (!Number.isSafeInteger(claims.exp)) {
    throw new IdentityTokenError('malformed', 'exp must be a Unix time in whole seconds');
  }
  const payload: Record<string, string> = { userId: claims.userId };
  if (claims.email !== undefined) payload.email = claims.email;
  if (claims.name !== undefined) payload.name = claims.name;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setExpirationTime(claims.exp)
    .sign(await identityTokenKey(secretKey));
}
