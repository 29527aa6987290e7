import { deriveIdentityKey } from '@twotier/core';
import type { Shop, ShopCreated } from '@twotier/core/schema';
import type { Db } from '../db';
import type { ShopRecord } from '../context';
import { sha256Hex } from '../util/crypto';
import { randomToken } from '../util/ids';
import { iso } from '../util/time';
import { defaultProgram } from './shop-store';

/** What creating a shop needs. */
export interface NewShop {
  name: string;
  currency: string;
  allowedOrigins: string[];
}

/** A shop as the API shows it (never the secret). */
export const toShop = (s: ShopRecord): Shop => ({
  id: s.id,
  name: s.name,
  currency: s.currency,
  allowedOrigins: s.allowedOrigins,
  publishableKey: s.publishableKey,
  createdAt: iso(s.createdAt),
});

/**
 * Creates a shop with its keys: `pk_…` (public, stored as is) and
 * `sk_<shopId>_…` (returned this once; only its sha256 is stored, and the
 * identity-token key derived from it).
 */
export async function createShop(db: Db, input: NewShop, now: number): Promise<ShopCreated> {
  const id = `shop${randomToken(16)}`;
  const publishableKey = `pk_${randomToken(24)}`;
  const secretKey = `sk_${id}_${randomToken(40)}`;
  const program = defaultProgram();
  const identityKey = await deriveIdentityKey(secretKey);
  await db.writeTx((tx) =>
    tx
      .insertInto('shops')
      .values({
        id,
        name: input.name,
        currency: input.currency,
        allowed_origins: JSON.stringify(input.allowedOrigins),
        publishable_key: publishableKey,
        secret_hash: sha256Hex(secretKey),
        identity_key: identityKey,
        program: JSON.stringify(program),
        created_at: now,
      })
      .execute(),
  );
  return {
    id,
    name: input.name,
    currency: input.currency,
    allowedOrigins: input.allowedOrigins,
    publishableKey,
    secretKey,
    createdAt: iso(now),
  };
}
