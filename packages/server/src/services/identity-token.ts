import {
  IDENTITY_TOKEN_MAX_LIFETIME_SECONDS,
  IdentityTokenError,
  verifyIdentityToken,
  type IdentityClaims,
  type VerifyIdentityTokenOptions,
} from '@twotier/core';
import { errors, jwtVerify } from 'jose';

const encoder = new TextEncoder();

/**
 * Verifies a shop's identity token with its derived identity key and returns
 * the claims. Two formats are accepted:
 * - a standard JWT (three parts), HS256 only, verified with `jose`: the key is
 *   the UTF-8 text of the identity key; the user is `userId`, else `sub`
 *   (both present must agree); `exp` is required;
 * - the original `base64url(claims).base64url(hmac)` (two parts), which
 *   existing shops still sign (`@twotier/core`'s `signIdentityToken`).
 * Either way `exp` may be at most `maxLifetimeSeconds` ahead. Throws
 * {@link IdentityTokenError} for anything else (`alg: none` included).
 *
 * @example
 * const claims = await verifyShopIdentityToken(token, shop.identityKey, Math.floor(Date.now() / 1000));
 */
export async function verifyShopIdentityToken(
  token: string,
  identityKey: string,
  nowSeconds: number,
  options: VerifyIdentityTokenOptions = {},
): Promise<IdentityClaims> {
  if (typeof token !== 'string' || token.length > 4096) {
    throw new IdentityTokenError('malformed', 'an identity token is a JWT of at most 4096 characters');
  }
  const parts = token.split('.').length;
  if (parts === 2) return verifyIdentityToken(token, identityKey, nowSeconds, options);
  if (parts !== 3) throw new IdentityTokenError('malformed', 'an identity token is a JWT (three dot-separated parts)');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(identityKey), {
      algorithms: ['HS256'],
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw refusal(error);
  }
  const userId = payload.userId ?? payload.sub;
  if (payload.userId !== undefined && payload.sub !== undefined && payload.userId !== payload.sub) {
    throw new IdentityTokenError('malformed', 'the identity token\'s userId and sub name different users');
  }
  const { email, name, exp } = payload;
  if (
    typeof userId !== 'string' ||
    userId.length === 0 ||
    !Number.isSafeInteger(exp) ||
    (email !== undefined && typeof email !== 'string') ||
    (name !== undefined && typeof name !== 'string')
  ) {
    throw new IdentityTokenError('malformed', 'the identity token payload is not valid claims');
  }
  const maxLifetime = options.maxLifetimeSeconds ?? IDENTITY_TOKEN_MAX_LIFETIME_SECONDS;
  if ((exp as number) - nowSeconds > maxLifetime) {
    throw new IdentityTokenError('exp_too_far', `the identity token's exp is more than ${maxLifetime} s ahead; sign tokens that live minutes`);
  }
  return { userId, email, name, exp: exp as number };
}

/** jose's verdict as the token error the session route turns into a 401. */
function refusal(error: unknown): IdentityTokenError {
  if (error instanceof errors.JWTExpired) return new IdentityTokenError('expired', 'the identity token has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new IdentityTokenError('bad_signature', 'the identity token was not signed with this shop\'s secret key');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new IdentityTokenError('bad_signature', 'an identity token is signed with HS256; other algorithms (and none) are refused');
  }
  if (error instanceof errors.JOSEError) return new IdentityTokenError('malformed', `the identity token is not a valid JWT: ${error.message}`);
  if (error instanceof TypeError || error instanceof SyntaxError) return new IdentityTokenError('malformed', 'the identity token is not a valid JWT');
  throw error;
}
