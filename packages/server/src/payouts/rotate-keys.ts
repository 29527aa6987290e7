import type { Db } from '../db';
import { openPayout, payoutAad, sealPayout, type PayoutKeyring } from './keyring';

/** What a rotation did. */
export interface RotationResult {
  /** Accounts re-encrypted with the current key. */
  rotated: number;
  /** Accounts already under the current key. */
  current: number;
  /** Accounts whose key is not in the keyring (or that no longer authenticate): left as they were. */
  unreadable: { shopId: string; id: string; keyId: string }[];
}

/**
 * Re-encrypts every payout account (deleted ones too) that is not under the
 * keyring's current key, in batches of 200, each row updated only if it is
 * still under the key it was read with (safe beside a running server). After
 * a run with no unreadable rows the old keys can be dropped.
 */
export async function rotatePayoutKeys(db: Db, keyring: PayoutKeyring): Promise<RotationResult> {
  const result: RotationResult = { rotated: 0, current: 0, unreadable: [] };
  const skip = new Set<string>();
  for (;;) {
    const rows = await db.kysely
      .selectFrom('payout_accounts')
      .selectAll()
      .where('key_id', '!=', keyring.current.id)
      .orderBy('shop_id')
      .orderBy('id')
      .limit(200 + skip.size)
      .execute();
    const todo = rows.filter((r) => !skip.has(`${r.shop_id}/${r.id}`));
    if (todo.length === 0) break;
    await db.writeTx(async (tx) => {
      for (const row of todo) {
        const aad = payoutAad(row.shop_id, row.distributor_id, row.id, row.kind);
        let plaintext: string;
        try {
          plaintext = openPayout(keyring, row.ciphertext, aad);
        } catch {
          skip.add(`${row.shop_id}/${row.id}`);
          result.unreadable.push({ shopId: row.shop_id, id: row.id, keyId: row.key_id });
          continue;
        }
        const sealed = sealPayout(keyring, plaintext, aad);
        const res = await tx
          .updateTable('payout_accounts')
          .set({ key_id: sealed.keyId, ciphertext: sealed.ciphertext })
          .where('shop_id', '=', row.shop_id)
          .where('id', '=', row.id)
          .where('key_id', '=', row.key_id)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) > 0) result.rotated += 1;
      }
    });
  }
  const cur = await db.kysely.selectFrom('payout_accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('key_id', '=', keyring.current.id).executeTakeFirstOrThrow();
  result.current = Number(cur.n) - result.rotated;
  return result;
}
