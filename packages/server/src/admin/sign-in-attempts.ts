import type { Db, Executor } from '../db';
import { type DomainError, rateLimited } from '../domain/errors';
import type { RateDecision } from '../http/rate-limit';
import { sha256Hex } from '../util/crypto';

/** How many attempts a window allows, and how long the window lasts (ms). */
export interface SignInAllowance {
  limit: number;
  windowMs: number;
}

/**
 * Sign-in attempts per email (an admin's or any other) per window, counted
 * in the database, so every process shares them. Set above the per-IP
 * allowance: one address alone cannot lock anyone out.
 */
export const SIGN_IN_PER_ACCOUNT: SignInAllowance = { limit: 20, windowMs: 15 * 60_000 };

/** Sign-in attempts per client IP per window, whatever email they name (the rate limiter: Redis across processes). */
export const SIGN_IN_PER_IP: SignInAllowance = { limit: 10, windowMs: 15 * 60_000 };

/**
 * The one answer to a sign-in over an allowance, per IP or per email:
 * the same status, code, message and shape whether the email is an admin's
 * or not and whether the password was right (it is never checked).
 */
export function signInRefused(retryAfterSeconds: number): DomainError {
  return rateLimited('rate_limited', `too many sign-in attempts: try again in ${retryAfterSeconds} s`, retryAfterSeconds, { retryAfter: retryAfterSeconds });
}

const keyOf = (email: string): string => sha256Hex(`admin-sign-in:${email}`);

/**
 * Counts one sign-in attempt for `email` (normalised) before its password
 * is checked, in one statement: the first attempt after a window ended
 * opens a new one, every other adds one. Concurrent attempts, from any
 * process, are counted one by one, so at most `limit` of them are allowed
 * to check a password per window.
 *
 * @example
 * const d = await countSignInAttempt(db, 'owner@shop.example', Date.now(), SIGN_IN_PER_ACCOUNT);
 * if (!d.allowed) throw signInRefused(d.retryAfterSeconds);
 */
export async function countSignInAttempt(db: Db, email: string, now: number, allowance: SignInAllowance): Promise<RateDecision> {
  const ends = now + allowance.windowMs;
  const row = await db.writeTx((tx) =>
    tx
      .insertInto('admin_sign_in_attempts')
      .values({ email_hash: keyOf(email), attempts: 1, window_ends_at: ends })
      .onConflict((oc) =>
        oc.column('email_hash').doUpdateSet((eb) => {
          const ended = eb('admin_sign_in_attempts.window_ends_at', '<=', now);
          return {
            attempts: eb.case().when(ended).then(1).else(eb('admin_sign_in_attempts.attempts', '+', 1)).end(),
            window_ends_at: eb.case().when(ended).then(ends).else(eb.ref('admin_sign_in_attempts.window_ends_at')).end(),
          };
        }),
      )
      .returning(['attempts', 'window_ends_at'])
      .executeTakeFirstOrThrow(),
  );
  return { allowed: Number(row.attempts) <= allowance.limit, retryAfterSeconds: Math.max(1, Math.ceil((Number(row.window_ends_at) - now) / 1000)) };
}

/** Forgets the attempts of `email`: after a successful sign-in, its window starts afresh. */
export async function clearSignInAttempts(db: Db, email: string): Promise<void> {
  await db.writeTx((tx) => tx.deleteFrom('admin_sign_in_attempts').where('email_hash', '=', keyOf(email)).execute());
}

/** Deletes the windows that have ended (they count nothing any more); returns how many. */
export async function pruneSignInAttempts(tx: Executor, now: number): Promise<number> {
  const r = await tx.deleteFrom('admin_sign_in_attempts').where('window_ends_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
