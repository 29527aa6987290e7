import { maskPayoutAccount, type PayoutDetails } from '@twotier/core';
import type { PayoutAccount, PayoutAccountDetails } from '@twotier/core/schema';
import type { Db, Executor } from '../db';
import { conflict, invalid, notFound, unavailable } from '../domain/errors';
import { requireDistributor } from '../services/distributors';
import { newId } from '../util/ids';
import { iso } from '../util/time';
import { openPayout, payoutAad, sealPayout, type PayoutKeyring } from './keyring';
import type { PayoutAccountTable } from './schema';

/** Most payout accounts a distributor keeps at once. */
export const MAX_PAYOUT_ACCOUNTS = 10;

/** 503 when the server was started without `TWOTIER_PAYOUT_KEY`: nothing is stored unencrypted. */
export const payoutKeyMissing = () =>
  unavailable('payout_key_missing', 'this server has no payout key (TWOTIER_PAYOUT_KEY), so payout accounts can be neither stored nor read; see docs/security.md');

/** An account row as every screen shows it: masked. */
export const toPayoutAccount = (row: PayoutAccountTable): PayoutAccount => {
  const { masked, display } = JSON.parse(row.masked) as { masked: Record<string, string>; display: string };
  return { id: row.id, distributorId: row.distributor_id, kind: row.kind, display, masked, createdAt: iso(Number(row.created_at)) };
};

/**
 * Stores a payout account of a distributor: the details encrypted with the
 * keyring's current key (bound to this row), a masked copy beside them.
 * 404 for an unknown distributor, 409 past {@link MAX_PAYOUT_ACCOUNTS}, 503
 * without a key.
 */
export async function createPayoutAccount(db: Db, keyring: PayoutKeyring | null, shopId: string, distributorId: string, details: PayoutAccountDetails, now: number): Promise<PayoutAccountTable> {
  if (!keyring) throw payoutKeyMissing();
  return db.writeTx(async (tx) => {
    await requireDistributor(tx, shopId, distributorId);
    const count = await tx
      .selectFrom('payout_accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shop_id', '=', shopId)
      .where('distributor_id', '=', distributorId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PAYOUT_ACCOUNTS) throw conflict('too_many_payout_accounts', `a distributor keeps at most ${MAX_PAYOUT_ACCOUNTS} payout accounts; delete one first`);
    const id = newId('pay');
    const sealed = sealPayout(keyring, JSON.stringify(details), payoutAad(shopId, distributorId, id, details.kind));
    const row: PayoutAccountTable = {
      shop_id: shopId,
      id,
      distributor_id: distributorId,
      kind: details.kind,
      masked: JSON.stringify(maskPayoutAccount(details as PayoutDetails)),
      key_id: sealed.keyId,
      ciphertext: sealed.ciphertext,
      created_at: now,
      deleted_at: null,
    };
    await tx.insertInto('payout_accounts').values(row).execute();
    return row;
  });
}

/** A distributor's payout accounts (not deleted), newest first. */
export async function listPayoutAccounts(db: Executor, shopId: string, distributorId: string): Promise<PayoutAccountTable[]> {
  return db
    .selectFrom('payout_accounts')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('distributor_id', '=', distributorId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Deletes a payout account: it is no longer listed or offered, and new
 * withdrawals cannot name it; the row stays (encrypted) so a withdrawal
 * that named it can still be exported and paid. 404 when unknown.
 */
export async function deletePayoutAccount(db: Db, shopId: string, distributorId: string, accountId: string, now: number): Promise<void> {
  const res = await db.writeTx((tx) =>
    tx
      .updateTable('payout_accounts')
      .set({ deleted_at: now })
      .where('shop_id', '=', shopId)
      .where('distributor_id', '=', distributorId)
      .where('id', '=', accountId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst(),
  );
  if (Number(res.numUpdatedRows) === 0) throw notFound(`payout account ${accountId}`);
}

/** Inside a withdrawal's transaction: the distributor's live account `accountId`, or 422. */
export async function requirePayoutAccount(tx: Executor, shopId: string, distributorId: string, accountId: string): Promise<PayoutAccountTable> {
  const row = await tx
    .selectFrom('payout_accounts')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('distributor_id', '=', distributorId)
    .where('id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw invalid('unknown_payout_account', `payout account ${accountId} is not one of this distributor's accounts`);
  return row;
}

/** The full details of an account (for the mass-pay export only). */
export function revealPayoutAccount(keyring: PayoutKeyring, row: PayoutAccountTable): PayoutDetails {
  return JSON.parse(openPayout(keyring, row.ciphertext, payoutAad(row.shop_id, row.distributor_id, row.id, row.kind))) as PayoutDetails;
}
