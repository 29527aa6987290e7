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
  /** The default currency, `currencies[0]`. */
  currency: string;
  /** Every accepted currency, `currency` first; just `[currency]` when left out. */
  currencies?: string[] | undefined;
  allowedOrigins: string[];
}

/** A shop as the API shows it (never the secret). */
export const toShop = (s: ShopRecord): Shop => ({
  id: s.id,
  name: s.name,
  currency: s.currency,
  currencies: s.currencies,
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
  const currencies = input.currencies ?? [input.currency];
  const identityKey = await deriveIdentityKey(secretKey);
  await db.writeTx((tx) =>
    tx
      .insertInto('shops')
      .values({
        id,
        name: input.name,
        currency: input.currency,
        currencies: JSON.stringify(currencies),
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
    currencies,
    allowedOrigins: input.allowedOrigins,
    publishableKey,
    secretKey,
    createdAt: iso(now),
  };
}
