import { programAmountsIn, splitWithdrawal } from '@twotier/core';
import type { Program, Withdrawal } from '@twotier/core/schema';
import type { Db } from '../db';
import type { WithdrawalTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { conflict, invalid, notFound } from '../domain/errors';
import { newId } from '../util/ids';
import { iso } from '../util/time';
import { requireAcceptedCurrency } from './currencies';
import { appendEntries, currencyBalanceOf, move } from './ledger';
import { emitEvent } from '../webhooks/emit';
import { periodAt } from '../bonuses/periods';
import { applyEvents } from '../read-models';
import { requirePayoutAccount } from '../payouts/payout-accounts';

/** A withdrawal row as the API shows it. */
export const toWithdrawal = (row: WithdrawalTable): Withdrawal => ({
  id: row.id,
  distributorId: row.distributor_id,
  currency: row.currency,
  amount: Number(row.amount),
  fee: Number(row.fee),
  net: Number(row.net),
  status: row.status,
  reason: row.reason,
  reference: row.reference,
  payoutAccountId: row.payout_account_id ?? null,
  createdAt: iso(Number(row.created_at)),
  updatedAt: iso(Number(row.updated_at)),
});

/**
 * Requests a withdrawal of `amount` from the distributor's available
 * balance. Requests for one distributor are serialized (SQLite's single
 * writer; a row lock on the distributor in PostgreSQL), and the balance is
 * summed inside that lock, so concurrent requests can never overdraw.
 *
 * A withdrawal is in one currency (the shop's default unless `currency`
 * names another it accepts, else 422 `currency_mismatch`): it takes that
 * currency's available balance only, with that currency's minimum and fee
 * (core's `programAmountsIn`). `payoutAccountId` names where it is to be
 * paid: one of the distributor's live payout accounts, else 422.
 */
export async function requestWithdrawal(db: Db, shop: ShopRecord, distributorId: string, amount: number, now: number, currency?: string, payoutAccountId?: string): Promise<WithdrawalTable> {
  const code = currency === undefined ? shop.currency : requireAcceptedCurrency(shop, currency, 'the withdrawal');
  const amounts = programAmountsIn(shop.program, { currency: code, defaultCurrency: shop.currency });
  return db.writeTx(async (tx) => {
    let q = tx.selectFrom('distributors').selectAll().where('shop_id', '=', shop.id).where('id', '=', distributorId);
    if (db.forUpdate) q = q.forUpdate();
    const distributor = await q.executeTakeFirst();
    if (!distributor) throw notFound(`distributor ${distributorId}`);
    if (distributor.status === 'suspended') throw conflict('distributor_suspended', 'a suspended distributor cannot withdraw');
    // checked in the same transaction that records the withdrawal
    if (payoutAccountId) await requirePayoutAccount(tx, shop.id, distributorId, payoutAccountId);
    const min = amounts.minWithdrawal;
    if (amount < min) throw invalid('below_minimum', `the minimum withdrawal is ${min} minor units of ${code}`, { minWithdrawal: min, currency: code });
    const limit = shop.program.withdrawalLimit;
    if (limit) {
      const since = limitPeriodStart(limit.period, now);
      const made = await tx
        .selectFrom('withdrawals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('shop_id', '=', shop.id)
        .where('distributor_id', '=', distributorId)
        .where('status', '!=', 'rejected')
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      if (Number(made.n) >= limit.count) {
        throw conflict('withdrawal_limit', `at most ${limit.count} withdrawal request${limit.count === 1 ? '' : 's'} per ${limit.period}; the next can be made from ${iso(limitPeriodEnd(limit.period, now))}`, { limit });
      }
    }
    const balance = await currencyBalanceOf(tx, shop.id, distributorId, code);
    if (balance.available < 0) {
      throw conflict('negative_balance', `the available ${code} balance is ${balance.available} after a refund (clawback); withdrawals resume once later earnings make it positive`, { available: balance.available, currency: code });
    }
    if (amount > balance.available) {
      throw conflict('insufficient_balance', `only ${balance.available} minor units of ${code} are available`, { available: balance.available, currency: code });
    }
    const { fee, net } = splitWithdrawal(amount, amounts.withdrawalFee);
    const row: WithdrawalTable = {
      shop_id: shop.id,
      id: newId('wdr'),
      distributor_id: distributorId,
      currency: code,
      amount,
      fee,
      net,
      status: 'requested',
      reason: null,
      reference: null,
      created_at: now,
      updated_at: now,
      ...(payoutAccountId ? { payout_account_id: payoutAccountId } : {}),
    };
    await tx.insertInto('withdrawals').values(row).execute();
    await appendEntries(tx, shop.id, move({ distributorId, kind: 'withdrawal', currency: code, withdrawalId: row.id, dedupeKey: `wdr:${row.id}:hold` }, 'available', 'in_withdrawal', amount), now);
    await emitEvent(tx, shop.id, 'withdrawal.requested', toWithdrawal(row), now);
    return row;
  });
}

type Transition = { action: 'approve' } | { action: 'reject'; reason: string } | { action: 'paid'; reference: string };

const FROM: Record<Transition['action'], WithdrawalTable['status'][]> = {
  approve: ['requested'],
  reject: ['requested', 'approved'],
  paid: ['approved'],
};

/**
 * Approves, rejects (money back to available) or marks paid (money to paid,
 * with the payment's reference; `withdrawal.paid` tells the dashboard's
 * figures). A transition from the wrong status is 409.
 */
export async function transitionWithdrawal(db: Db, shop: ShopRecord, id: string, t: Transition, now: number): Promise<WithdrawalTable> {
  return db.writeTx(async (tx) => {
    const current = await tx.selectFrom('withdrawals').selectAll().where('shop_id', '=', shop.id).where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound(`withdrawal ${id}`);
    const status = t.action === 'approve' ? 'approved' : t.action === 'reject' ? 'rejected' : 'paid';
    const set: Partial<WithdrawalTable> = { status, updated_at: now };
    if (t.action === 'reject') set.reason = t.reason;
    if (t.action === 'paid') set.reference = t.reference;
    const updated = await tx
      .updateTable('withdrawals')
      .set(set)
      .where('shop_id', '=', shop.id)
      .where('id', '=', id)
      .where('status', 'in', FROM[t.action])
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      throw conflict('invalid_transition', `withdrawal ${id} is ${current.status}; it cannot be ${status} (allowed from: ${FROM[t.action].join(', ')})`);
    }
    const amount = Number(updated.amount);
    const base = { distributorId: updated.distributor_id, kind: `withdrawal_${t.action}`, currency: updated.currency, withdrawalId: id };
    if (t.action === 'reject') await appendEntries(tx, shop.id, move({ ...base, dedupeKey: `wdr:${id}:reject` }, 'in_withdrawal', 'available', amount), now);
    if (t.action === 'paid') {
      await appendEntries(tx, shop.id, move({ ...base, dedupeKey: `wdr:${id}:paid` }, 'in_withdrawal', 'paid', amount), now);
      await applyEvents(tx, [{ type: 'withdrawal.paid', shopId: shop.id, currency: updated.currency, amount, at: now }]);
    }
    await emitEvent(tx, shop.id, `withdrawal.${status}`, toWithdrawal(updated), now);
    return updated;
  });
}

type LimitPeriod = NonNullable<Program['withdrawalLimit']>['period'];
const DAY_MS = 86_400_000;

/** Start of the calendar period (UTC) that `now` falls in. */
function limitPeriodStart(period: LimitPeriod, now: number): number {
  return period === 'day' ? now - (now % DAY_MS) : periodAt(period, now).start;
}

function limitPeriodEnd(period: LimitPeriod, now: number): number {
  return period === 'day' ? limitPeriodStart(period, now) + DAY_MS : periodAt(period, now).end;
}
