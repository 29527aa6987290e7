import type { Db } from '../db';

/** How long the email outbox keeps a row, sent or not (30 days). */
export const EMAIL_KEEP_MS = 30 * 86_400_000;

/**
 * Deletes email outbox rows older than `keepMs`, whatever their status: the
 * record of what was sent is kept a month, and rows a server without SMTP
 * queued (never sent, and by then expired) do not pile up. At most 5,000
 * rows a call, so one run never holds the write lock long.
 */
export async function pruneEmails(db: Db, now: number, keepMs = EMAIL_KEEP_MS): Promise<number> {
  const old = await db.kysely.selectFrom('email_outbox').select(['shop_id', 'id']).where('created_at', '<', now - keepMs).limit(5000).execute();
  if (old.length === 0) return 0;
  let deleted = 0;
  for (let i = 0; i < old.length; i += 500) {
    const part = old.slice(i, i + 500);
    const res = await db.writeTx((tx) =>
      tx
        .deleteFrom('email_outbox')
        .where((eb) => eb.or(part.map((r) => eb.and([eb('shop_id', '=', r.shop_id), eb('id', '=', r.id)]))))
        .executeTakeFirst(),
    );
    deleted += Number(res.numDeletedRows);
  }
  return deleted;
}
