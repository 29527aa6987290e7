import { deriveIdentityKey } from '@twotier/core';
import { secretKeyRotationSchema, shopPatchSchema, shopSchema } from '@twotier/core/schema';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context';
import { secretAuth } from '../../http/auth';
import { openApiRoutes, route } from '../../openapi/declare';
import { checkCurrencyChange } from '../../services/currencies';
import { toShop } from '../../services/shops';
import { sha256Hex } from '../../util/crypto';
import { randomToken } from '../../util/ids';

/**
 * Shop settings the program does not hold: `PATCH /v1/shop` (name, allowed
 * origins, accepted currencies: added only, the default fixed) and `POST /v1/shop/secret-key` (rotate: the new secret key is
 * shown once, the old one stops working at once, identity tokens must be
 * signed with the new one).
 */
export function shopSettingsRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();

  const patch = { method: 'patch', path: '/v1/shop', tag: 'Shop', auth: 'secret', summary: 'Change the shop name, allowed origins or accepted currencies', body: shopPatchSchema, response: shopSchema, middleware: [secretAuth] } as const;
  route(app, patch, async (c) => {
    const { db, shops } = c.get('services');
    const shop = c.get('shop');
    const change = c.req.valid('json');
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

  const rotate = { method: 'post', path: '/v1/shop/secret-key', tag: 'Shop', auth: 'secret', summary: 'Rotate the secret key (the new one is shown once)', response: secretKeyRotationSchema, status: 201, middleware: [secretAuth] } as const;
  route(app, rotate, async (c) => {
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
