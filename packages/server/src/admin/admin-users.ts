import type { Db, Executor } from '../db';
import { conflict, HttpError, invalid, notFound } from '../http/errors';
import { newId } from '../util/ids';
import { hashPassword, verifyPassword } from './password';
import { adminDb, type AdminUserTable } from './schema';

/** Failed sign-ins allowed before the account is locked. */
export const MAX_FAILED_ATTEMPTS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MS = 15 * 60_000;

/** An admin user as the API shows it (never the hash). */
export interface AdminUser {
  id: string;
  shopId: string;
  email: string;
  createdAt: string;
}

const toUser = (u: AdminUserTable): AdminUser => ({ id: u.id, shopId: u.shop_id, email: u.email, createdAt: new Date(Number(u.created_at)).toISOString() });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates an admin user of a shop. The password (12+ characters) is stored
 * only as a scrypt hash. The same email twice in a shop is 409.
 */
export async function createAdminUser(db: Db, input: { shopId: string; email: string; password: string }, now: number): Promise<AdminUser> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw invalid('invalid_email', `not an email address: ${input.email}`);
  if (input.password.length < 12) throw invalid('weak_password', 'the password needs at least 12 characters');
  if (input.password.length > 512) throw invalid('invalid_password', 'the password is longer than 512 characters');
  const shop = await db.kysely.selectFrom('shops').select('id').where('id', '=', input.shopId).executeTakeFirst();
  if (!shop) throw notFound(`shop ${input.shopId}`);
  const row: AdminUserTable = {
    shop_id: input.shopId,
    id: newId('adm'),
    email,
    password_hash: await hashPassword(input.password),
    failed_attempts: 0,
    locked_until: null,
    created_at: now,
  };
  const inserted = await db.writeTx((tx) =>
    adminDb(tx).insertInto('admin_users').values(row).onConflict((oc) => oc.columns(['shop_id', 'email']).doNothing()).returning('id').executeTakeFirst(),
  );
  if (!inserted) throw conflict('admin_exists', `${email} is already an admin of shop ${input.shopId}`);
  return toUser(row);
}

let dummyHash: Promise<string> | null = null;

const badCredentials = () => new HttpError(401, 'invalid_credentials', 'wrong email or password');

/**
 * Checks an admin's email and password. After {@link MAX_FAILED_ATTEMPTS}
 * failures in a row the account is locked for {@link LOCKOUT_MS}, and even
 * the right password is refused (429) until then. Without `shopId` the
 * email must belong to exactly one shop.
 */
export async function authenticateAdmin(db: Db, input: { shopId?: string | undefined; email: string; password: string }, now: number): Promise<AdminUser> {
  const email = input.email.trim().toLowerCase();
  let q = adminDb(db.kysely).selectFrom('admin_users').selectAll().where('email', '=', email);
  if (input.shopId) q = q.where('shop_id', '=', input.shopId);
  const rows = await q.limit(2).execute();
  if (rows.length > 1) throw invalid('shop_required', 'this email is an admin of several shops: give the shop id');
  const user = rows[0];
  if (!user) {
    await verifyPassword(input.password, await (dummyHash ??= hashPassword('not-a-real-password')));
    throw badCredentials();
  }
  if (user.locked_until !== null && Number(user.locked_until) > now) {
    const minutes = Math.ceil((Number(user.locked_until) - now) / 60_000);
    throw new HttpError(429, 'account_locked', `too many failed sign-ins: try again in ${minutes} min`, { lockedUntil: new Date(Number(user.locked_until)).toISOString() }, {
      'Retry-After': String(Math.ceil((Number(user.locked_until) - now) / 1000)),
    });
  }
  const ok = await verifyPassword(input.password, user.password_hash);
  const mine = (tx: Executor) => adminDb(tx).updateTable('admin_users').where('shop_id', '=', user.shop_id).where('id', '=', user.id);
  if (!ok) {
    // counted in the database, one increment per failure, so concurrent attempts (any process) all count
    await db.writeTx(async (tx) => {
      const row = await mine(tx)
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .returning('failed_attempts')
        .executeTakeFirstOrThrow();
      if (Number(row.failed_attempts) >= MAX_FAILED_ATTEMPTS) await mine(tx).set({ failed_attempts: 0, locked_until: now + LOCKOUT_MS }).execute();
    });
    throw badCredentials();
  }
  // the right password resets the count, unless concurrent failures locked the account meanwhile
  const reset = await db.writeTx((tx) =>
    mine(tx)
      .set({ failed_attempts: 0, locked_until: null })
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst(),
  );
  if (Number(reset.numUpdatedRows) === 0) throw new HttpError(429, 'account_locked', 'too many failed sign-ins: try again later');
  return toUser(user);
}
