import { IDENTITY_TOKEN_MAX_LIFETIME_SECONDS, IdentityTokenError } from '@twotier/core';
import { identityClaimsSchema, type SessionResult } from '@twotier/core/schema';
import type { Db, Executor } from '../db';
import type { DistributorTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { invalid, unauthorized } from '../domain/errors';
import { sha256Hex } from '../util/crypto';
import { randomToken } from '../util/ids';
import { iso } from '../util/time';
import { toDistributor } from './distributors';
import { verifyShopIdentityToken } from './identity-token';

/**
 * The distributor of a shop user: by user id, else one the shop created with
 * `externalId` equal to that user id (linked on first login).
 */
export async function distributorOfUser(tx: Executor, shopId: string, userId: string): Promise<DistributorTable | undefined> {
  return tx
    .selectFrom('distributors')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb.and([eb('external_id', '=', userId), eb('user_id', 'is', null)])]))
    .orderBy('user_id')
    .executeTakeFirst();
}

/**
 * Exchanges a shop-signed identity token for a session: an opaque
 * `ses_<shopId>_…` token, stored only as its sha256, valid for `ttlMs`.
 * A token whose `exp` is more than `maxLifetimeSeconds` ahead is 401; claims
 * that `POST /v1/distributors` would refuse (control characters, an invalid
 * email) are 422 `invalid_identity_claims`, and nothing is stored.
 */
export async function createSession(
  db: Db,
  shop: ShopRecord,
  identityToken: string,
  visitorId: string | undefined,
  now: number,
  ttlMs: number,
  maxLifetimeSeconds: number = IDENTITY_TOKEN_MAX_LIFETIME_SECONDS,
): Promise<SessionResult> {
  let verified;
  try {
    verified = await verifyShopIdentityToken(identityToken, shop.identityKey, Math.floor(now / 1000), { maxLifetimeSeconds });
  } catch (error) {
    if (error instanceof IdentityTokenError) throw unauthorized(`identity token refused (${error.code}): ${error.message}`);
    throw error;
  }
  const parsed = identityClaimsSchema.safeParse(verified);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['claims', ...i.path.map(String)], code: i.code, message: i.message }));
    throw invalid('invalid_identity_claims', `identity token claims refused: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, issues);
  }
  const claims = parsed.data;
  const session = `ses_${shop.id}_${randomToken(40)}`;
  const expiresAt = now + ttlMs;
  const distributor = await db.writeTx(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({
        shop_id: shop.id,
        token_hash: sha256Hex(session),
        user_id: claims.userId,
        email: claims.email ?? null,
        name: claims.name ?? null,
        visitor_id: visitorId ?? null,
        expires_at: expiresAt,
        created_at: now,
      })
      .execute();
    const d = await distributorOfUser(tx, shop.id, claims.userId);
    if (d && d.user_id === null) {
      await tx.updateTable('distributors').set({ user_id: claims.userId }).where('shop_id', '=', shop.id).where('id', '=', d.id).execute();
      d.user_id = claims.userId;
    }
    return d;
  });
  return {
    session,
    expiresAt: iso(expiresAt),
    user: { userId: claims.userId, ...(claims.email ? { email: claims.email } : {}), ...(claims.name ? { name: claims.name } : {}) },
    distributor: distributor ? toDistributor(distributor) : null,
  };
}
