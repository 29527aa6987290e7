import { fromBase64Url, toBase64Url, toHex } from './base64url';
import { hmacSha256, timingSafeEqual } from './hmac';

/** Who the shop says the browser's user is. `exp` is a Unix time in seconds. */
export interface IdentityClaims {
  userId: string;
  email?: string | undefined;
  name?: string | undefined;
  exp: number;
}

/** Thrown when an identity token is malformed, forged or expired. */
export class IdentityTokenError extends Error {
  override name = 'IdentityTokenError';
  constructor(
    readonly code: 'malformed' | 'bad_signature' | 'expired' | 'exp_too_far',
    message: string,
  ) {
    super(message);
  }
}

const KEY_CONTEXT = 'twotier-identity-v1';

/** How far ahead a token's `exp` may be, by default: a day. A token only opens a session; sign ones that live minutes. */
export const IDENTITY_TOKEN_MAX_LIFETIME_SECONDS = 86_400;

/** Options of {@link verifyIdentityToken}. */
export interface VerifyIdentityTokenOptions {
  /** Refuse a token whose `exp` is more than this many seconds after `nowSeconds` (default a day). */
  maxLifetimeSeconds?: number;
}
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The key identity tokens are signed with, derived from the shop's secret key.
 * The server keeps this (not the secret) to verify tokens, so a leaked
 * database cannot be used to call the secret-key API.
 */
export async function deriveIdentityKey(secretKey: string): Promise<string> {
  return toHex(await hmacSha256(secretKey, KEY_CONTEXT));
}

/**
 * Signs an identity token on the shop's backend: `base64url(claims).base64url(hmac)`.
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
  const payload = toBase64Url(encoder.encode(JSON.stringify(claims)));
  const key = await deriveIdentityKey(secretKey);
  const signature = toBase64Url(await hmacSha256(key, payload));
  return `${payload}.${signature}`;
}

/**
 * Verifies a token with the shop's derived identity key and returns its claims.
 * Throws {@link IdentityTokenError} for anything but a valid, unexpired token
 * whose `exp` is at most `maxLifetimeSeconds` ahead (`exp_too_far`): a
 * stolen token that never expires would open sessions for ever. The claims'
 * text is checked by the caller (the server validates it as a distributor's).
 */
export async function verifyIdentityToken(
  token: string,
  identityKey: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  options: VerifyIdentityTokenOptions = {},
): Promise<IdentityClaims> {
  const parts = typeof token === 'string' && token.length <= 4096 ? token.split('.') : [];
  if (parts.length !== 2) throw new IdentityTokenError('malformed', 'an identity token has two dot-separated parts');
  const [payload, signature] = parts as [string, string];
  const expected = toBase64Url(await hmacSha256(identityKey, payload));
  if (!timingSafeEqual(expected, signature)) {
    throw new IdentityTokenError('bad_signature', 'the identity token was not signed with this shop\'s secret key');
  }
  const bytes = fromBase64Url(payload);
  let claims: unknown;
  try {
    claims = bytes ? JSON.parse(decoder.decode(bytes)) : null;
  } catch {
    claims = null;
  }
  if (!isClaims(claims)) throw new IdentityTokenError('malformed', 'the identity token payload is not valid claims');
  if (claims.exp <= nowSeconds) throw new IdentityTokenError('expired', 'the identity token has expired');
  const maxLifetime = options.maxLifetimeSeconds ?? IDENTITY_TOKEN_MAX_LIFETIME_SECONDS;
  if (claims.exp - nowSeconds > maxLifetime) {
    throw new IdentityTokenError('exp_too_far', `the identity token's exp is more than ${maxLifetime} s ahead; sign tokens that live minutes`);
  }
  return { userId: claims.userId, email: claims.email, name: claims.name, exp: claims.exp };
}

function isClaims(value: unknown): value is IdentityClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.userId === 'string' &&
    v.userId.length > 0 &&
    Number.isSafeInteger(v.exp) &&
    (v.email === undefined || typeof v.email === 'string') &&
    (v.name === undefined || typeof v.name === 'string')
  );
}
