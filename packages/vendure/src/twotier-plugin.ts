import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  EventBus,
  LanguageCode,
  OrderStateTransitionEvent,
  PluginCommonModule,
  ProcessContext,
  RefundStateTransitionEvent,
  VendurePlugin,
  type RuntimeVendureConfig,
} from '@vendure/core';
import { resolveOptions, TWOTIER_OPTIONS, type ResolvedTwotierOptions, type TwotierPluginOptions } from './options';
import { TwotierOutboxEntry } from './outbox-entry';
import { TwotierOutboxService } from './outbox-service';

declare module '@vendure/core/dist/entity/custom-entity-fields' {
  interface CustomOrderFields {
    twotierRef?: string | null;
    twotierVisitor?: string | null;
  }
}

const REFERRAL = /^[A-Za-z0-9_-]{1,64}$/;
const VISITOR = /^[A-Za-z0-9_-]{8,64}$/;

/** Adds `Order.customFields.twotierRef` and `twotierVisitor`, which the Shop API's `setOrderCustomFields` may set. */
function addOrderCustomFields(config: RuntimeVendureConfig): RuntimeVendureConfig {
  const order = (config.customFields.Order ??= []);
  order.push(
    {
      name: 'twotierRef',
      type: 'string',
      public: true,
      nullable: true,
      label: [{ languageCode: LanguageCode.en, value: 'Referral code (twotier)' }, { languageCode: LanguageCode.zh_Hans, value: '推广码 (twotier)' }],
      description: [{ languageCode: LanguageCode.en, value: 'The distributor code the storefront captured from ?ref=' }],
      validate: (value: unknown) =>
        value === null || value === undefined || value === '' || (typeof value === 'string' && REFERRAL.test(value))
          ? undefined
          : 'a referral code is 1–64 letters, digits, "_" or "-"',
    },
    {
      name: 'twotierVisitor',
      type: 'string',
      public: true,
      nullable: true,
      label: [{ languageCode: LanguageCode.en, value: 'Visitor id (twotier)' }, { languageCode: LanguageCode.zh_Hans, value: '访客 ID (twotier)' }],
      validate: (value: unknown) =>
        value === null || value === undefined || value === '' || (typeof value === 'string' && VISITOR.test(value))
          ? undefined
          : 'a visitor id is 8–64 letters, digits, "_" or "-"',
    },
  );
  return config;
}

/**
 * Sends Vendure's paid orders, settled refunds and cancellations to twotier,
 * which pays two levels of commission on them.
 *
 * - An order reaching `PaymentSettled` → `POST /v1/orders` (`vendure:<code>`),
 *   with the referral and visitor id the storefront put on the order's custom
 *   fields `twotierRef` / `twotierVisitor`.
 * - A refund reaching `Settled` → a refund by amount (`vendure:refund:<id>`).
 * - An order `Cancelled` after payment → a refund of whatever is left.
 *
 * Each event is written to an outbox table in the same transaction as the
 * Vendure change, then sent; while twotier is unreachable it is retried with
 * backoff, never dropped. Add the table with a migration (`twotier_outbox_entry`).
 *
 * @example
 * plugins: [
 *   TwotierPlugin.init({ baseUrl: 'https://twotier.shop.example', secretKey: process.env.TWOTIER_SECRET_KEY! }),
 * ]
 */
@VendurePlugin({
  imports: [PluginCommonModule],
  entities: [TwotierOutboxEntry],
  providers: [
    {
      provide: TWOTIER_OPTIONS,
      useFactory: () => {
        if (!TwotierPlugin.options) throw new Error('TwotierPlugin: add it to the plugins as TwotierPlugin.init({ baseUrl, secretKey })');
        return TwotierPlugin.options;
      },
    },
    TwotierOutboxService,
  ],
  exports: [TwotierOutboxService],
  configuration: addOrderCustomFields,
  compatibility: '^3.0.0',
})
export class TwotierPlugin implements OnApplicationBootstrap, OnApplicationShutdown {
  /** @internal */
  static options: ResolvedTwotierOptions | undefined;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Configures the plugin; see {@link TwotierPluginOptions}. */
  static init(options: TwotierPluginOptions): typeof TwotierPlugin {
    TwotierPlugin.options = resolveOptions(options);
    return TwotierPlugin;
  }

  constructor(
    private readonly eventBus: EventBus,
    private readonly outbox: TwotierOutboxService,
    private readonly processContext: ProcessContext,
    @Inject(TWOTIER_OPTIONS) private readonly options: ResolvedTwotierOptions,
  ) {}

  onApplicationBootstrap(): void {
    // Blocking handlers run inside the transaction that publishes the event: the entry commits with the change.
    this.eventBus.registerBlockingEventHandler({
      id: 'twotier-outbox-order',
      event: OrderStateTransitionEvent,
      handler: async (event) => {
        if (event.toState === 'PaymentSettled') await this.outbox.recordPaidOrder(event.ctx, event.order);
        else if (event.toState === 'Cancelled') await this.outbox.recordCancellation(event.ctx, event.order);
      },
    });
    this.eventBus.registerBlockingEventHandler({
      id: 'twotier-outbox-refund',
      event: RefundStateTransitionEvent,
      handler: async (event) => {
        if (event.toState === 'Settled') await this.outbox.recordRefund(event.ctx, event.refund, event.order);
      },
    });

    const delivers =
      this.options.deliverFrom === 'both' ||
      (this.options.deliverFrom === 'server' ? this.processContext.isServer : this.processContext.isWorker);
    if (!delivers) return;
    // After the transaction commits, the new entry is sent at once; the timer retries what is due.
    const kick = () => void this.outbox.deliverDue().catch(() => undefined);
    this.eventBus.ofType(OrderStateTransitionEvent).subscribe((e) => {
      if (e.toState === 'PaymentSettled' || e.toState === 'Cancelled') kick();
    });
    this.eventBus.ofType(RefundStateTransitionEvent).subscribe((e) => {
      if (e.toState === 'Settled') kick();
    });
    this.timer = setInterval(kick, this.options.pollIntervalMs);
    this.timer.unref?.();
    kick();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
