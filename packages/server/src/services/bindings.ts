import type { Binding } from '@twotier/core';
import type { Executor } from '../db';

/** The binding keys of a customer, strongest first: shop customer id, email, visitor id (core's rule). */
export { customerKeys } from '@twotier/core';

/** The first stored binding among `keys` (in their order), or `null`. */
export async function loadBinding(tx: Executor, shopId: string, keys: string[]): Promise<Binding | null> {
  if (keys.length === 0) return null;
  const rows = await tx
    .selectFrom('bindings')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('customer_key', 'in', keys)
    .execute();
  for (const k of keys) {
    const row = rows.find((r) => r.customer_key === k);
    if (row) {
      return {
        code: row.code,
        boundAt: new Date(Number(row.bound_at)),
        expiresAt: row.expires_at === null ? null : new Date(Number(row.expires_at)),
      };
    }
  }
  return null;
}

/** Each key's own binding (where it has one), read in one query. */
export async function loadBindingsByKey(tx: Executor, shopId: string, keys: string[]): Promise<Map<string, Binding>> {
  const out = new Map<string, Binding>();
  if (keys.length === 0) return out;
  const rows = await tx.selectFrom('bindings').selectAll().where('shop_id', '=', shopId).where('customer_key', 'in', keys).execute();
  for (const row of rows) {
    out.set(row.customer_key, {
      code: row.code,
      boundAt: new Date(Number(row.bound_at)),
      expiresAt: row.expires_at === null ? null : new Date(Number(row.expires_at)),
    });
  }
  return out;
}

/** Upserts a customer's binding under `customerKey`. */
export async function saveBinding(tx: Executor, shopId: string, customerKey: string, b: Binding): Promise<void> {
  await saveBindings(tx, shopId, new Map([[customerKey, b]]));
}

/** Upserts customers' bindings by key, in one statement per 500 keys, rows in key order (so concurrent writers take them in the same order). */
export async function saveBindings(tx: Executor, shopId: string, bindings: Map<string, Binding>): Promise<void> {
  const rows = [...bindings.keys()].sort().map((key) => {
    const b = bindings.get(key)!;
    return { shop_id: shopId, customer_key: key, code: b.code, bound_at: b.boundAt.getTime(), expires_at: b.expiresAt ? b.expiresAt.getTime() : null };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('bindings')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['shop_id', 'customer_key']).doUpdateSet((eb) => ({
          code: eb.ref('excluded.code'),
          bound_at: eb.ref('excluded.bound_at'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      )
      .execute();
  }
}
