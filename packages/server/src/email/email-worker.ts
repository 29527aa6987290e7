import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Db } from '../db';
import type { EmailOutboxTable } from '../payouts/schema';
import { composeMessage, emailLocale } from './messages';
import type { EmailPayload } from './queue-emails';
import { unsubscribeToken } from './unsubscribe-token';

/** What the worker needs of a mail transport (nodemailer's `Transporter` has it). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
  close?(): void;
}

/** Options of {@link createEmailWorker}. */
export interface EmailWorkerOptions {
  db: Db;
  transport: MailTransport;
  /** The From address, e.g. `Lanxi Tea <payouts@lanxi.example>` (`TWOTIER_EMAIL_FROM`). */
  from: string;
  /** The server's public address, for unsubscribe links (`TWOTIER_PUBLIC_URL`). */
  publicUrl: string;
  now?: () => number;
  /** Pause between rounds, ms (default 2 s). */
  intervalMs?: number;
  /** Emails claimed per round (default 20). */
  batchSize?: number;
  /** How long a claim holds an email (default 2 min). */
  lockMs?: number;
  /** Emails queued longer ago than this are not sent any more (default two days): a server that had no SMTP does not send its backlog once it gets one. */
  maxAgeMs?: number;
  /** Attempts before an email is given up as `failed` (default 8, over about four hours). */
  maxAttempts?: number;
  logger?: Logger;
}

/** The email outbox worker. */
export interface EmailWorker {
  /** Claims one round of due emails, sends them, and resolves with how many were handled. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

interface Recipient {
  email: string | null;
  name: string;
  locale: string | null;
  optedOut: boolean;
  shopName: string;
  identityKey: string;
  shopUrl: string | null;
}

/**
 * Sends the distributors' emails of the outbox (email/queue-emails.ts).
 *
 * A round claims due rows by setting `locked_until` in one write transaction
 * (`FOR UPDATE SKIP LOCKED` in PostgreSQL; SQLite's single writer serialises
 * it), so two processes never send the same email at once, and an email
 * marked `sent` is never claimed again. Each message carries a Message-ID
 * made from its row, so the one case left — a process killed after the SMTP
 * server accepted a message and before `sent` was written — repeats a
 * message with the same Message-ID rather than a new one. At send time: no
 * address or unsubscribed → `skipped`; queued more than `maxAgeMs` ago →
 * `expired`; an SMTP error → retried with backoff, then `failed`.
 */
export function createEmailWorker(options: EmailWorkerOptions): EmailWorker {
  const { db, transport, logger } = options;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 2000;
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const lockMs = options.lockMs ?? 120_000;
  const maxAgeMs = options.maxAgeMs ?? 2 * 86_400_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.publicUrl.replace(/\/+$/, '');
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'twotier.invalid';

  const claim = async (at: number) => {
    // a read first: an idle outbox costs no write lock (SQLite has one writer)
    const due = await db.kysely.selectFrom('email_outbox').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', at).limit(1).execute();
    if (due.length === 0) return [];
    return db.writeTx(async (tx) => {
      let pick = tx
        .selectFrom('email_outbox')
        .select(['shop_id', 'id'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(batchSize);
      if (db.forUpdate) pick = pick.forUpdate().skipLocked();
      const picked = await pick.execute();
      if (picked.length === 0) return [];
      return tx
        .updateTable('email_outbox')
        .set({ locked_until: at + lockMs, attempts: sql<number>`attempts + 1` })
        .where((eb) => eb.or(picked.map((r) => eb.and([eb('shop_id', '=', r.shop_id), eb('id', '=', r.id)]))))
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .returningAll()
        .execute();
    });
  };

  const finish = (row: EmailOutboxTable, set: Partial<EmailOutboxTable>) =>
    db.kysely
      .updateTable('email_outbox')
      .set({ ...set, locked_until: null })
      .where('shop_id', '=', row.shop_id)
      .where('id', '=', row.id)
      .where('locked_until', '=', Number(row.locked_until))
      .execute();

  const recipient = async (shopId: string, distributorId: string): Promise<Recipient | null> => {
    const r = await db.kysely
      .selectFrom('distributors as d')
      .innerJoin('shops as s', 's.id', 'd.shop_id')
      .select(['d.email', 'd.name', 'd.locale', 'd.email_opt_out_at', 's.name as shop_name', 's.identity_key', 's.allowed_origins'])
      .where('d.shop_id', '=', shopId)
      .where('d.id', '=', distributorId)
      .executeTakeFirst();
    if (!r) return null;
    const origins = JSON.parse(r.allowed_origins) as string[];
    return {
      email: r.email,
      name: r.name,
      locale: r.locale ?? null,
      optedOut: r.email_opt_out_at !== null && r.email_opt_out_at !== undefined,
      shopName: r.shop_name,
      identityKey: r.identity_key,
      shopUrl: origins[0] ?? null,
    };
  };

  const recruitOf = async (shopId: string, orderId: string): Promise<string | null> => {
    const r = await db.kysely
      .selectFrom('orders as o')
      .innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 'o.shop_id').onRef('d.id', '=', 'o.distributor_id'))
      .select(['d.name', 'd.code'])
      .where('o.shop_id', '=', shopId)
      .where('o.id', '=', orderId)
      .executeTakeFirst();
    return r ? `${r.name} (${r.code})` : null;
  };

  const handle = async (row: EmailOutboxTable): Promise<void> => {
    const at = now();
    if (Number(row.created_at) < at - maxAgeMs) {
      await finish(row, { status: 'expired', last_error: 'queued too long ago (email was off or failing); not sent late' });
      return;
    }
    const to = await recipient(row.shop_id, row.distributor_id);
    if (!to || !to.email || to.optedOut) {
      await finish(row, { status: 'skipped', last_error: !to ? 'distributor not found' : to.optedOut ? 'unsubscribed' : 'no email address' });
      return;
    }
    const payload = JSON.parse(row.payload) as EmailPayload;
    const unsubscribeUrl = `${base}/v1/email/unsubscribe?token=${unsubscribeToken(to.identityKey, row.shop_id, row.distributor_id)}`;
    const message = composeMessage({
      payload,
      locale: emailLocale(to.locale),
      shopName: to.shopName,
      distributorName: to.name,
      recruitName: payload.kind === 'downline' ? await recruitOf(row.shop_id, payload.orderId) : null,
      shopUrl: to.shopUrl,
      unsubscribeUrl,
    });
    try {
      await transport.sendMail({
        from: options.from,
        to: to.email,
        ...message,
        messageId: `<${row.id}.${row.shop_id}@${domain}>`,
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
      });
      await finish(row, { status: 'sent', sent_at: now(), last_error: null });
    } catch (err) {
      const attempts = Number(row.attempts);
      const error = err instanceof Error ? err.message.slice(0, 500) : String(err);
      const retryAt = now() + Math.min(3_600_000, 60_000 * 2 ** (attempts - 1));
      await finish(row, attempts >= maxAttempts ? { status: 'failed', last_error: error } : { next_attempt_at: retryAt, last_error: error });
      logger?.warn({ email: row.id, attempts, err: error }, 'email not sent');
    }
  };

  const runOnce = async (): Promise<number> => {
    const rows = await claim(now());
    for (const row of rows) {
      // one SMTP connection, one message at a time: a shop's emails are few and small
      await handle(row).catch((err: unknown) => logger?.error({ err, email: row.id }, 'email handling failed'));
    }
    return rows.length;
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  const tick = () => {
    timer = null;
    if (stopped) return;
    running = runOnce()
      .catch((err: unknown) => {
        logger?.error({ err }, 'email round failed');
        return 0;
      })
      .then((n) => {
        if (stopped) return;
        timer = setTimeout(tick, n >= batchSize ? 0 : intervalMs);
        timer.unref?.();
      });
  };
  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      transport.close?.();
    },
  };
}
