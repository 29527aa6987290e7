import type { Executor } from '../db';
import type { EmailKind, EmailOutboxTable } from '../payouts/schema';
import { newId } from '../util/ids';
import type { WebhookEventName } from '../webhooks/event-types';

/** What a queued email needs to be written; amounts in minor units. */
export type EmailPayload =
  | { kind: 'commission' | 'downline'; commissionId: string; orderId: string; amount: number; currency: string; availableAt: string }
  | { kind: 'available'; commissionIds: string[]; amount: number; currency: string }
  | { kind: 'withdrawal_paid'; withdrawalId: string; amount: number; net: number; fee: number; currency: string; reference: string | null }
  | { kind: 'withdrawal_rejected'; withdrawalId: string; amount: number; currency: string; reason: string | null };

interface Row {
  distributorId: string;
  dedupeKey: string;
  payload: EmailPayload;
}

/**
 * The emails a batch of domain events means for distributors: a new
 * commission (level 1), a downline sale (level 2, to the parent), money that
 * became available (one email per distributor and currency for a whole
 * settlement batch), a withdrawal paid or rejected. Everything else sends
 * nothing.
 */
export function emailsFor(events: { type: WebhookEventName; data: unknown }[]): Row[] {
  const rows: Row[] = [];
  const available = new Map<string, { distributorId: string; currency: string; amount: number; ids: string[] }>();
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case 'commission.created': {
        if (Number(d.amount) <= 0) break;
        const kind = Number(d.level) === 2 ? 'downline' : 'commission';
        rows.push({
          distributorId: String(d.distributorId),
          dedupeKey: `commission.created:${String(d.id)}`,
          payload: { kind, commissionId: String(d.id), orderId: String(d.orderId), amount: Number(d.amount), currency: String(d.currency), availableAt: String(d.availableAt) },
        });
        break;
      }
      case 'commission.available': {
        if (Number(d.amount) <= 0) break;
        const key = `${String(d.distributorId)}\0${String(d.currency)}`;
        const group = available.get(key) ?? { distributorId: String(d.distributorId), currency: String(d.currency), amount: 0, ids: [] };
        group.amount += Number(d.amount);
        group.ids.push(String(d.commissionId));
        available.set(key, group);
        break;
      }
      case 'withdrawal.paid':
        rows.push({
          distributorId: String(d.distributorId),
          dedupeKey: `withdrawal.paid:${String(d.id)}`,
          payload: { kind: 'withdrawal_paid', withdrawalId: String(d.id), amount: Number(d.amount), net: Number(d.net), fee: Number(d.fee), currency: String(d.currency), reference: (d.reference as string | null) ?? null },
        });
        break;
      case 'withdrawal.rejected':
        rows.push({
          distributorId: String(d.distributorId),
          dedupeKey: `withdrawal.rejected:${String(d.id)}`,
          payload: { kind: 'withdrawal_rejected', withdrawalId: String(d.id), amount: Number(d.amount), currency: String(d.currency), reason: (d.reason as string | null) ?? null },
        });
        break;
      default:
        break;
    }
  }
  for (const g of available.values()) {
    // a commission is settled once, so its id names the batch it was settled in
    rows.push({ distributorId: g.distributorId, dedupeKey: `commission.available:${g.ids[0]}`, payload: { kind: 'available', commissionIds: g.ids, amount: g.amount, currency: g.currency } });
  }
  return rows;
}

/**
 * Writes the emails `events` mean to the outbox, inside the caller's
 * transaction (webhooks/emit.ts calls it for every event): an email exists
 * only if its event committed, and the same event never queues two
 * (`dedupe_key` is unique per shop). Whether, where and in which language it
 * is sent is decided when the worker sends it (email/email-worker.ts); a
 * server without SMTP never sends, and the worker lets rows queued long
 * before SMTP was configured expire instead of sending them late.
 */
export async function queueEmails(tx: Executor, shopId: string, events: { type: WebhookEventName; data: unknown }[], now: number): Promise<void> {
  await insertEmails(tx, emailRows(shopId, events, now));
}

/** The outbox rows of {@link queueEmails}, to write with {@link insertEmails} (a batch writes many shops' and times' rows at once). */
export function emailRows(shopId: string, events: { type: WebhookEventName; data: unknown }[], now: number): EmailOutboxTable[] {
  return emailsFor(events).map((r) => ({
    shop_id: shopId,
    id: newId('eml'),
    distributor_id: r.distributorId,
    kind: r.payload.kind as EmailKind,
    dedupe_key: r.dedupeKey,
    payload: JSON.stringify(r.payload),
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    last_error: null,
    sent_at: null,
    created_at: now,
  }));
}

/** Writes outbox rows, 100 per statement; a row whose event already queued its email is skipped. */
export async function insertEmails(tx: Executor, values: EmailOutboxTable[]): Promise<void> {
  for (let i = 0; i < values.length; i += 100) {
    await tx.insertInto('email_outbox').values(values.slice(i, i + 100)).onConflict((oc) => oc.columns(['shop_id', 'dedupe_key']).doNothing()).execute();
  }
}
