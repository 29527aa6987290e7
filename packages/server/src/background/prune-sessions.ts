import type { Db } from '../db';
import { pruneSignInAttempts } from '../admin/sign-in-attempts';

/**
 * Deletes expired sessions: distributors' (`sessions`) and the dashboard's
 * (`admin_sessions`), by their expiry index, and the dashboard's sign-in
 * windows that have ended. An expired session is already refused when
 * used; this only keeps the tables from growing. Returns how
 * many rows were deleted.
 */
export async function pruneSessions(db: Db, now: number): Promise<number> {
  return db.writeTx(async (tx) => {
    const distributors = await tx.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    const admins = await tx.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
    const attempts = await pruneSignInAttempts(tx, now);
    return Number(distributors.numDeletedRows) + Number(admins.numDeletedRows) + attempts;
  });
}
