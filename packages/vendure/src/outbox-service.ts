import { Inject, Injectable } from '@nestjs/common';
import {
  ConfigService,
  HistoryService,
  Logger,
  Order,
  OrderService,
  Province,
  RequestContextService,
  TransactionalConnection,
  type ID,
  type Refund,
  type RequestContext,
} from '@vendure/core';
import { createTwotierClient, isTwotierApiError, type OrderCreate, type OrderResult, type RefundCreate, type RefundResult, type TwotierClient } from '@twotier/sdk';
import { minorUnitsToDecimal } from '@twotier/core';
import { OrderMappingError, orderTotalPaid, toTwotierOrder } from './map-order';
import { toMinorUnits } from './money';
import { backoff, TWOTIER_OPTIONS, type ResolvedTwotierOptions } from './options';
import { TwotierOutboxEntry, type OutboxKind, type OutboxStatus } from './outbox-entry';
import { regionOf } from './region';

const loggerCtx = 'TwotierPlugin';

/** What one delivery pass did. */
export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * The outbox: `record*` write an entry inside the transaction of the Vendure
 * change (called from blocking event handlers, with the event's context);
 * `deliverDue` sends what is due to twotier, in order per order, and keeps
 * an entry until twotier has it. twotier is idempotent by order and refund
 * id, so sending an entry twice (a crash after sending, two processes) is
 * harmless.
 */
@Injectable()
export class TwotierOutboxService {
  private readonly client: TwotierClient;
  private running: Promise<DeliveryReport> | null = null;
  private again = false;

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly orderService: OrderService,
    private readonly configService: ConfigService,
    private readonly historyService: HistoryService,
    private readonly requestContextService: RequestContextService,
    @Inject(TWOTIER_OPTIONS) private readonly options: ResolvedTwotierOptions,
  ) {
    this.client = createTwotierClient({
      baseUrl: options.baseUrl,
      secretKey: options.secretKey,
      // The outbox retries, with its own backoff and without a limit; one pass never waits on twotier.
      retry: { limit: 0 },
      timeout: options.timeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** twotier's id of a Vendure order. */
  twotierOrderId(code: string): string {
    return `${this.options.orderIdPrefix}${code}`;
  }

  private get precision(): number {
    return this.configService.entityOptions.moneyStrategy?.precision ?? 2;
  }

  private repo(ctx?: RequestContext) {
    return ctx ? this.connection.getRepository(ctx, TwotierOutboxEntry) : this.connection.rawConnection.getRepository(TwotierOutboxEntry);
  }

  private async exists(ctx: RequestContext, key: string): Promise<boolean> {
    return (await this.repo(ctx).count({ where: { key } })) > 0;
  }

  private async insert(
    ctx: RequestContext,
    entry: { key: string; kind: OutboxKind; orderId: string; vendureOrderId: ID; currency: string; status: OutboxStatus; payload: object; amount: number; lastError?: string },
  ) {
    await this.repo(ctx).insert(
      new TwotierOutboxEntry({
        key: entry.key,
        kind: entry.kind,
        orderId: entry.orderId,
        vendureOrderId: String(entry.vendureOrderId),
        currency: entry.currency,
        channelToken: ctx.channel?.token ?? null,
        payload: JSON.stringify(entry.payload),
        amount: entry.amount,
        status: entry.status,
        attempts: 0,
        nextAttemptAt: new Date(),
        deliveredAt: null,
        lastError: entry.lastError ?? null,
        result: null,
      }),
    );
  }

  /** A paid order (it reached `PaymentSettled`): once per order, whatever Vendure publishes again. */
  async recordPaidOrder(ctx: RequestContext, paid: Order): Promise<void> {
    const orderId = this.twotierOrderId(paid.code);
    const key = `order:${orderId}`;
    if (await this.exists(ctx, key)) return;
    // The transition loads the order with its lines and variants; load it only when an event carries less.
    const complete = paid.lines?.length > 0 && paid.lines.every((l) => l.productVariant) && paid.customer !== undefined;
    const order = complete ? paid : await this.orderService.findOne(ctx, paid.id, ['customer', 'lines', 'lines.productVariant', 'shippingLines', 'surcharges']);
    if (!order) return;
    const region = this.options.region ? this.options.region(order.shippingAddress ?? {}) : regionOf(order.shippingAddress, await this.provincesOf(ctx, order));
    const warnings: string[] = [];
    try {
      const body = toTwotierOrder(order, { orderId, precision: this.precision, region, warnings });
      for (const w of warnings) Logger.warn(`order ${order.code}: ${w}`, loggerCtx);
      await this.insert(ctx, { key, kind: 'order', orderId, vendureOrderId: order.id, currency: body.currency, status: 'pending', payload: body, amount: orderTotalPaid(body) });
    } catch (error) {
      if (!(error instanceof OrderMappingError) && !(error instanceof RangeError) && (error as Error)?.name !== 'CurrencyError') throw error;
      // Kept, so the failure is visible and the order's refunds are not sent without it.
      Logger.error(`order ${order.code} cannot be sent to twotier: ${(error as Error).message}`, loggerCtx);
      await this.insert(ctx, { key, kind: 'order', orderId, vendureOrderId: order.id, currency: order.currencyCode, status: 'failed', payload: {}, amount: 0, lastError: (error as Error).message });
    }
  }

  /** A settled refund, by amount (what the customer got back, tax and shipping included), capped at what is left. */
  async recordRefund(ctx: RequestContext, refund: Refund, order: Order): Promise<void> {
    const orderId = this.twotierOrderId(order.code);
    const key = `refund:${String(refund.id)}`;
    if (await this.exists(ctx, key)) return;
    const sent = await this.leftToReverse(ctx, orderId);
    if (!sent) return; // the order was never paid while the plugin ran: nothing of it is in twotier
    const base = { key, kind: 'refund' as const, orderId, vendureOrderId: order.id, currency: sent.order.currency };
    let refunded: number;
    try {
      refunded = toMinorUnits(refund.total, order.currencyCode, this.precision);
    } catch (error) {
      // Never fails the refund in Vendure: the entry is kept, failed, with the reason.
      await this.insert(ctx, { ...base, status: 'failed', payload: {}, amount: 0, lastError: (error as Error).message });
      return;
    }
    // An order twotier refused keeps its refunds, unsent, beside it (delivery marks them failed with the reason).
    const amount = sent.order.status === 'failed' ? refunded : Math.min(sent.left, refunded);
    const payload: RefundCreate = { id: `${this.options.orderIdPrefix}refund:${String(refund.id)}`, amount };
    if (amount <= 0) {
      await this.insert(ctx, { ...base, status: 'skipped', payload, amount: 0, lastError: 'nothing left to reverse: the order was already reversed in full' });
    } else {
      await this.insert(ctx, { ...base, status: 'pending', payload, amount });
    }
  }

  /** A cancelled order that had been paid: reverses whatever refunds have not. */
  async recordCancellation(ctx: RequestContext, order: Order): Promise<void> {
    const orderId = this.twotierOrderId(order.code);
    const key = `cancel:${orderId}`;
    if (await this.exists(ctx, key)) return;
    const sent = await this.leftToReverse(ctx, orderId);
    if (!sent) return;
    const base = { key, kind: 'cancel' as const, orderId, vendureOrderId: order.id, currency: sent.order.currency };
    const id = `${this.options.orderIdPrefix}cancel:${order.code}`;
    if (sent.left <= 0 && sent.order.status !== 'failed') {
      await this.insert(ctx, { ...base, status: 'skipped', payload: { id }, amount: 0, lastError: 'nothing left to reverse: refunds already covered the order' });
    } else {
      await this.insert(ctx, { ...base, status: 'pending', payload: { id, amount: Math.max(1, sent.left) }, amount: sent.left });
    }
  }

  /**
   * The order's entry and what is left to reverse: its total paid less what its
   * refund and cancel entries take back. `null` when the order has no entry.
   */
  private async leftToReverse(ctx: RequestContext, orderId: string): Promise<{ order: TwotierOutboxEntry; left: number } | null> {
    const entries = await this.repo(ctx).find({ where: { orderId } });
    const order = entries.find((e) => e.kind === 'order');
    if (!order) return null;
    const taken = entries.filter((e) => e.kind !== 'order' && (e.status === 'pending' || e.status === 'delivered')).reduce((s, e) => s + e.amount, 0);
    return { order, left: order.amount - taken };
  }

  private async provincesOf(ctx: RequestContext, order: Order) {
    const country = order.shippingAddress?.countryCode;
    if (!country || !order.shippingAddress?.province) return [];
    // A province made in Vendure has no country of its own unless set in code: take those without one, or under this one.
    const provinces = await this.connection.getRepository(ctx, Province).find({ relations: ['translations', 'parent'] });
    return provinces
      .filter((p) => !p.parent || p.parent.code.toUpperCase() === country.toUpperCase())
      .map((p) => ({ code: p.code, names: p.translations.map((t) => t.name) }));
  }

  /**
   * Sends every entry that is due. One pass at a time in a process: a call
   * while one runs asks it to go round once more and waits for it.
   */
  deliverDue(): Promise<DeliveryReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
      do {
        this.again = false;
        const report = await this.pass();
        total.delivered += report.delivered;
        total.retrying += report.retrying;
        total.failed += report.failed;
      } while (this.again);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
    const now = Date.now();
    const pending = await this.repo().find({ where: { status: 'pending' }, order: { createdAt: 'ASC', id: 'ASC' }, take: 500 });
    const orderStatus = new Map<string, OutboxStatus | undefined>();
    const statusOfOrder = async (orderId: string) => {
      if (!orderStatus.has(orderId)) orderStatus.set(orderId, (await this.repo().findOne({ where: { key: `order:${orderId}` } }))?.status);
      return orderStatus.get(orderId);
    };
    for (const entry of pending) {
      if (new Date(entry.nextAttemptAt).getTime() > now) continue;
      if (entry.kind !== 'order') {
        // A refund goes after its order: twotier would not know the order yet.
        const status = await statusOfOrder(entry.orderId);
        if (status === 'pending') continue;
        if (status !== 'delivered') {
          await this.settle(entry, 'failed', { lastError: `the order ${entry.orderId} was not recorded in twotier (${status ?? 'no entry'}), so its refunds cannot be` });
          report.failed++;
          continue;
        }
      }
      if (!(await this.claim(entry))) continue; // another process is sending it
      let result: OrderResult | RefundResult;
      try {
        result = await this.send(entry);
      } catch (error) {
        const transient = !isTwotierApiError(error) || error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
        const message = isTwotierApiError(error) ? `${error.status || 'no answer'} ${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
        if (transient) {
          await this.repo().update(entry.id, { lastError: message, nextAttemptAt: new Date(Date.now() + backoff(this.options.retry, entry.attempts)) });
          report.retrying++;
          if (entry.kind === 'order') orderStatus.set(entry.orderId, 'pending');
          Logger.warn(`${entry.kind} ${entry.orderId} not delivered yet (attempt ${entry.attempts}), will retry: ${message}`, loggerCtx);
          // twotier unreachable: the rest would fail the same way; they go on the next pass.
          if (isTwotierApiError(error) && error.status === 0) break;
        } else {
          await this.settle(entry, 'failed', { lastError: message });
          if (entry.kind === 'order') orderStatus.set(entry.orderId, 'failed');
          report.failed++;
          Logger.error(`twotier refused ${entry.kind} ${entry.orderId}: ${message}`, loggerCtx);
          await this.note(entry, `twotier refused this ${entry.kind === 'order' ? 'order' : 'refund'}: ${message}`);
        }
        continue;
      }
      await this.settle(entry, 'delivered', { result: JSON.stringify(result) });
      if (entry.kind === 'order') orderStatus.set(entry.orderId, 'delivered');
      report.delivered++;
      const words = this.describe(entry, result);
      Logger.info(`${entry.kind} ${entry.orderId} sent to twotier: ${words}`, loggerCtx);
      await this.note(entry, `twotier recorded ${words}`);
    }
    return report;
  }

  private send(entry: TwotierOutboxEntry): Promise<OrderResult | RefundResult> {
    const payload = JSON.parse(entry.payload) as OrderCreate | RefundCreate;
    return entry.kind === 'order' ? this.client.orders.create(payload as OrderCreate) : this.client.orders.refund(entry.orderId, payload as RefundCreate);
  }

  /**
   * Takes the entry for this process: counts the attempt and holds it out of
   * other passes for the length of a request. `attempts` is the version, so of
   * two Vendure processes only one sends an entry at a time (twotier would
   * deduplicate a second sending anyway; this keeps the order's notes single).
   */
  private async claim(entry: TwotierOutboxEntry): Promise<boolean> {
    const held = new Date(Date.now() + this.options.timeoutMs + 5_000);
    const result = await this.repo()
      .createQueryBuilder()
      .update(TwotierOutboxEntry)
      .set({ attempts: entry.attempts + 1, nextAttemptAt: held })
      .where('id = :id AND status = :status AND attempts = :attempts', { id: entry.id, status: 'pending', attempts: entry.attempts })
      .execute();
    if (result.affected === 0) return false;
    entry.attempts += 1;
    return true;
  }

  /** Records the outcome of an attempt (or of an entry that could not be attempted). */
  private async settle(entry: TwotierOutboxEntry, status: OutboxStatus, fields: { lastError?: string; result?: string }) {
    await this.repo().update(entry.id, {
      status,
      ...(status === 'delivered' ? { deliveredAt: new Date(), lastError: null } : {}),
      ...fields,
    });
  }

  /** The commissions or reversals in words, e.g. `level 1 44.70 CNY, level 2 22.35 CNY`. */
  private describe(entry: TwotierOutboxEntry, result: OrderResult | RefundResult): string {
    const money = (amount: number, currency: string) => {
      try {
        return `${minorUnitsToDecimal(amount, currency)} ${currency}`;
      } catch {
        return `${amount} (minor units of ${currency})`;
      }
    };
    if ('commissions' in result) {
      const lines = result.commissions.map((c) => `level ${c.level} ${money(c.amount, c.currency)}`);
      const who = result.order.attribution ? ` for ${result.order.attribution.code}` : '';
      return `order ${entry.orderId}${who}: ${lines.length ? lines.join(', ') : 'no commission'}`;
    }
    const reversed = result.reversals.map((r) => `level ${r.level} −${money(r.amount, entry.currency)}`);
    return `${entry.kind === 'cancel' ? 'cancellation' : 'refund'} ${result.refund.id}: ${reversed.length ? `reversed ${reversed.join(', ')}` : 'nothing to reverse'}`;
  }

  /** A private note on the order's history in the Admin UI; never fails the delivery. */
  private async note(entry: TwotierOutboxEntry, note: string) {
    if (!this.options.orderNotes) return;
    try {
      const ctx = await this.requestContextService.create({ apiType: 'admin', ...(entry.channelToken ? { channelOrToken: entry.channelToken } : {}) });
      await this.historyService.createHistoryEntryForOrder({ ctx, orderId: entry.vendureOrderId, type: 'ORDER_NOTE' as never, data: { note } as never }, false);
    } catch (error) {
      Logger.warn(`could not add the twotier note to order ${entry.orderId}: ${String((error as Error)?.message ?? error)}`, loggerCtx);
    }
  }
}
