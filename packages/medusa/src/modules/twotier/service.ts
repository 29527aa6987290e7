import type { InferTypeOf, Logger } from '@medusajs/framework/types';
import { MedusaService } from '@medusajs/framework/utils';
import type { OrderCreate, OrderResult, RefundCreate, RefundResult } from '@twotier/core/schema';
import { createTwotierClient, isTwotierApiError, type TwotierClient } from '@twotier/sdk';
import type { MedusaOrder } from '../../convert/medusa-order';
import { planEvents, type PlannedEvent } from '../../convert/plan';
import { resolveOptions, type ResolvedOptions, type TwotierMedusaOptions } from '../../options';
import { TwotierEvent } from './models/twotier-event';

/** A row of the outbox. */
export type TwotierEventRow = InferTypeOf<typeof TwotierEvent>;

/** What one delivery round did. */
export interface FlushResult {
  sent: number;
  retrying: number;
  refused: number;
}

/** Statuses after which resending cannot help: the request itself is wrong. */
const REFUSED_STATUSES = new Set([400, 409, 413, 422]);
const PAGE = 100;

const summarizeOrder = (r: OrderResult) => ({
  attribution: r.order.attribution ? { code: r.order.attribution.code, source: r.order.attribution.source } : null,
  base: r.order.base,
  totalPaid: r.order.totalPaid,
  commissions: r.commissions.map((c) => ({ level: c.level, distributorId: c.distributorId, amount: c.amount, status: c.status })),
  notPaid: r.notPaid,
});

const summarizeRefund = (r: RefundResult) => ({
  reversals: r.reversals.map((x) => ({ level: x.level, distributorId: x.distributorId, amount: x.amount })),
});

/**
 * The twotier module: the outbox of what the plugin owes twotier, and its
 * delivery through `@twotier/sdk`. A row is written before the Medusa event
 * that caused it is acknowledged, and stays `pending` — retried with backoff,
 * across restarts — until twotier has answered; twotier's idempotency on the
 * shop's own ids makes a second delivery of the same row harmless.
 */
export default class TwotierModuleService extends MedusaService({ TwotierEvent }) {
  readonly options: ResolvedOptions;
  protected readonly client: TwotierClient;
  protected readonly logger: Logger | undefined;
  private running: Promise<FlushResult> | null = null;
  private again = false;

  constructor(container: Record<string, unknown>, options?: TwotierMedusaOptions) {
    // biome-ignore lint/complexity/noArguments: Medusa's container calls the service with more arguments than it declares; all are passed on
    super(...(arguments as unknown as [Record<string, unknown>]));
    this.options = resolveOptions(options);
    this.logger = container.logger as Logger | undefined;
    this.client = createTwotierClient({
      baseUrl: this.options.baseUrl,
      secretKey: this.options.secretKey,
      timeout: this.options.timeoutMs,
      // the outbox retries; one quick retry covers a blip
      retry: { limit: 1, delay: () => 250 },
    });
  }

  /**
   * Plans what twotier should hold for the order as it stands (see
   * {@link planEvents}) and writes what is new; returns both counts.
   */
  async recordOrder(order: MedusaOrder, { retryRefused = false } = {}): Promise<{ planned: number; recorded: number }> {
    const planned = planEvents(order, this.options);
    const retried = retryRefused ? await this.retryRefused(planned) : 0;
    return { planned: planned.length, recorded: (await this.record(planned)) + retried };
  }

  /**
   * Puts refused rows back in line with what the plan gives now: a row that
   * never reached twotier (or was refused by it) is pending again with the
   * new payload. For the shop owner's explicit sync, after fixing the cause.
   */
  private async retryRefused(planned: PlannedEvent[]): Promise<number> {
    const sendable = planned.filter((p): p is Extract<PlannedEvent, { payload: unknown }> => 'payload' in p);
    if (sendable.length === 0) return 0;
    const refused = await this.listTwotierEvents({ key: sendable.map((p) => p.key), status: 'refused' }, { select: ['id', 'key'] });
    for (const row of refused) {
      const p = sendable.find((x) => x.key === row.key)!;
      await this.updateTwotierEvents({
        id: row.id,
        status: 'pending',
        payload: p.payload as unknown as Record<string, unknown>,
        attempts: 0,
        last_error: null,
        next_attempt_at: new Date(),
      });
    }
    return refused.length;
  }

  /**
   * Writes the planned events this outbox does not hold yet and returns how
   * many were new. A key already held is left as it is, whatever its status:
   * an event Medusa emits again changes nothing.
   */
  async record(planned: PlannedEvent[], now = new Date()): Promise<number> {
    if (planned.length === 0) return 0;
    const held = async () => new Set((await this.listTwotierEvents({ key: planned.map((p) => p.key) }, { select: ['key'] })).map((r) => r.key));
    const known = await held();
    const fresh = planned.flatMap((p, position) => (known.has(p.key) ? [] : [toRow(p, position, now)]));
    if (fresh.length === 0) return 0;
    try {
      await this.createTwotierEvents(fresh);
      return fresh.length;
    } catch {
      // Another delivery of the same Medusa event may have written some of them first: write the rest one by one.
      let created = 0;
      for (const row of fresh) {
        try {
          await this.createTwotierEvents(row);
          created += 1;
        } catch (again) {
          if (!(await held()).has(row.key)) throw again;
        }
      }
      return created;
    }
  }

  /**
   * Sends every pending row that is due, oldest first and an order before its
   * refunds. Stops at the first sign that twotier is unreachable (no answer,
   * 5xx, 429) and leaves the rest for the next round. Concurrent calls share
   * one round, and a call during a round makes it go once more.
   */
  flush(): Promise<FlushResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: FlushResult = { sent: 0, retrying: 0, refused: 0 };
      do {
        this.again = false;
        const r = await this.flushDue();
        total.sent += r.sent;
        total.retrying += r.retrying;
        total.refused += r.refused;
      } while (this.again);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async flushDue(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, retrying: 0, refused: 0 };
    for (;;) {
      const due = await this.listTwotierEvents(
        { status: 'pending', next_attempt_at: { $lte: new Date() } },
        { order: { created_at: 'ASC', position: 'ASC' }, take: PAGE },
      );
      let stopped = false;
      for (const row of due) {
        const outcome = await this.deliver(row);
        result[outcome.status] += 1;
        if (outcome.unreachable) {
          stopped = true;
          break;
        }
      }
      if (stopped || due.length < PAGE) return result;
    }
  }

  private async deliver(row: TwotierEventRow): Promise<{ status: keyof FlushResult; unreachable: boolean }> {
    const attempts = row.attempts + 1;
    try {
      const result =
        row.kind === 'order'
          ? summarizeOrder(await this.client.orders.create(row.payload as unknown as OrderCreate))
          : summarizeRefund(await this.client.orders.refund(row.twotier_order_id, row.payload as unknown as RefundCreate));
      await this.updateTwotierEvents({ id: row.id, status: 'sent', attempts, sent_at: new Date(), last_error: null, result });
      this.logger?.info(`[twotier] ${row.kind} ${describe(row)} sent`);
      return { status: 'sent', unreachable: false };
    } catch (error) {
      const status = isTwotierApiError(error) ? error.status : 0;
      const message = isTwotierApiError(error) && status > 0 ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      if (REFUSED_STATUSES.has(status) || (status === 404 && row.kind === 'refund' && (await this.orderRefused(row)))) {
        const reason = status === 404 ? `its order ${row.twotier_order_id} was refused` : message;
        await this.updateTwotierEvents({ id: row.id, status: 'refused', attempts, last_error: `${status} ${reason}` });
        this.logger?.error(`[twotier] ${row.kind} ${describe(row)} refused: ${status} ${reason}`);
        return { status: 'refused', unreachable: false };
      }
      const delay = Math.min(this.options.retry.maxDelayMs, this.options.retry.minDelayMs * 2 ** Math.min(attempts - 1, 30));
      await this.updateTwotierEvents({ id: row.id, attempts, next_attempt_at: new Date(Date.now() + delay), last_error: `${status || 'no answer'}: ${message}` });
      this.logger?.warn(`[twotier] ${row.kind} ${describe(row)} not delivered (attempt ${attempts}, next in ${Math.round(delay / 1000)} s): ${message}`);
      return { status: 'retrying', unreachable: status === 0 || status === 429 || status >= 500 };
    }
  }

  private async orderRefused(row: TwotierEventRow): Promise<boolean> {
    const [order] = await this.listTwotierEvents({ key: `order:${row.medusa_order_id}` }, { select: ['status'] });
    return order?.status === 'refused';
  }
}

const describe = (row: TwotierEventRow): string => {
  const payload = row.payload as { id?: string } | null;
  return payload?.id ?? row.key;
};

function toRow(p: PlannedEvent, position: number, now: Date) {
  const common = { key: p.key, kind: p.kind, medusa_order_id: p.medusaOrderId, twotier_order_id: p.twotierOrderId, position, next_attempt_at: now };
  return 'refused' in p
    ? { ...common, status: 'refused' as const, payload: null, last_error: p.refused }
    : { ...common, status: 'pending' as const, payload: p.payload as unknown as Record<string, unknown> };
}
