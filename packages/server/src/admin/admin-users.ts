import type { Db } from '../db';
import { conflict, DomainError, invalid, notFound } from '../domain/errors';
import { newId } from '../util/ids';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password';
import { clearSignInAttempts, countSignInAttempt, SIGN_IN_PER_ACCOUNT, signInRefused, type SignInAllowance } from './sign-in-attempts';
import type { AdminUserTable } from './schema';

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
    tx.insertInto('admin_users').values(row).onConflict((oc) => oc.columns(['shop_id', 'email']).doNothing()).returning('id').executeTakeFirst(),
  );
  if (!inserted) throw conflict('admin_exists', `${email} is already an admin of shop ${input.shopId}`);
  return toUser(row);
}

const badCredentials = () => new DomainError('unauthorized', 'invalid_credentials', 'wrong email or password');

/**
 * Checks an admin's email and password. The attempt is counted for the
 * email first, in one statement, known to the server or not
 * ({@link countSignInAttempt}); past `allowance.limit` attempts in a window
 * every attempt gets the same 429 until the window ends, and no password
 * is checked, right or wrong. Within it, an unknown email costs the same
 * scrypt as a known one and gets the same 401 as a wrong password. A
 * success starts the email's count afresh. Without `shopId` the email must
 * belong to exactly one shop.
 */
export async function authenticateAdmin(
  db: Db,
  input: { shopId?: string | undefined; email: string; password: string },
  now: number,
  allowance: SignInAllowance = SIGN_IN_PER_ACCOUNT,
): Promise<AdminUser> {
  const email = input.email.trim().toLowerCase();
  const attempt = await countSignInAttempt(db, email, now, allowance);
  if (!attempt.allowed) throw signInRefused(attempt.retryAfterSeconds);
  let q = db.kysely.selectFrom('admin_users').selectAll().where('email', '=', email);
  if (input.shopId) q = q.where('shop_id', '=', input.shopId);
  const rows = await q.limit(2).execute();
  if (rows.length > 1) throw invalid('shop_required', 'this email is an admin of several shops: give the shop id');
  const user = rows[0];
  const ok = await verifyPassword(input.password, user?.password_hash ?? DECOY_PASSWORD_HASH);
  if (!user || !ok) throw badCredentials();
  await clearSignInAttempts(db, email);
  return toUser(user);
}
