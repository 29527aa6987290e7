import { deriveIdentityKey } from '@twotier/core';
import { allowedOriginsSchema, shopCurrenciesSchema } from '@twotier/core/schema';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../context';
import { secretAuth } from '../../http/auth';
import { readJson } from '../../http/body';
import { parseWith } from '../../http/validate';
import { checkCurrencyChange } from '../../services/currencies';
import { toShop } from '../../services/shops';
import { sha256Hex } from '../../util/crypto';
import { randomToken } from '../../util/ids';

// origins as POST /v1/shops takes them: normalised to the form browsers send
const shopPatchSchema = z
  .strictObject({ name: z.string().min(1).max(200).optional(), allowedOrigins: allowedOriginsSchema.optional(), currencies: shopCurrenciesSchema.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change: give name, allowedOrigins or currencies' });

/**
 * Shop settings the program does not hold: `PATCH /v1/shop` (name, allowed
 * origins, accepted currencies: added only, the default fixed) and `POST /v1/shop/secret-key` (rotate: the new secret key is
 * shown once, the old one stops working at once, identity tokens must be
 * signed with the new one).
 */
export function shopSettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.patch('/v1/shop', secretAuth, async (c) => {
    const { db, shops } = c.get('services');
    const shop = c.get('shop');
    const change = parseWith(shopPatchSchema, await readJson(c));
    if (change.currencies) checkCurrencyChange(shop, change.currencies);
    await db.writeTx((tx) =>
      tx
        .updateTable('shops')
        .set({
          ...(change.name ? { name: change.name } : {}),
          ...(change.allowedOrigins ? { allowed_origins: JSON.stringify(change.allowedOrigins) } : {}),
          ...(change.currencies ? { currencies: JSON.stringify(change.currencies) } : {}),
        })
        .where('id', '=', shop.id)
        .execute(),
    );
    shops.invalidate(shop);
    return c.json(toShop((await shops.get(shop.id))!));
  });

  app.post('/v1/shop/secret-key', secretAuth, async (c) => {
    const { db, shops } = c.get('services');
    const shop = c.get('shop');
    const secretKey = `sk_${shop.id}_${randomToken(40)}`;
    const identityKey = await deriveIdentityKey(secretKey);
    await db.writeTx((tx) => tx.updateTable('shops').set({ secret_hash: sha256Hex(secretKey), identity_key: identityKey }).where('id', '=', shop.id).execute());
    shops.invalidate(shop);
    return c.json({ secretKey, rotatedAt: new Date().toISOString() }, 201);
  });

  return app;
}
