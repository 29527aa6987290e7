import { VendureEntity, type DeepPartial } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/** What an outbox entry sends: a paid order, a settled refund, or the reversal of what a cancellation left. */
export type OutboxKind = 'order' | 'refund' | 'cancel';

/**
 * `pending` until twotier answers; `delivered` once it has the event;
 * `failed` when twotier refused it (a 4xx other than 408/429: retrying would
 * not help, so it waits for a person); `skipped` when there was nothing to
 * send (a refund after the order was reversed in full).
 */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

/**
 * One event for twotier, written in the same database transaction as the
 * Vendure change that caused it (a transactional outbox): the payment settles
 * with its entry or not at all, and the entry stays until twotier has it.
 * `key` makes an event that Vendure publishes twice one entry.
 */
@Entity('twotier_outbox_entry')
export class TwotierOutboxEntry extends VendureEntity {
  constructor(input?: DeepPartial<TwotierOutboxEntry>) {
    super(input);
  }

  /** `order:<order id>`, `refund:<refund id>` or `cancel:<order id>`. */
  @Index({ unique: true })
  @Column('varchar', { length: 255 })
  key!: string;

  @Column('varchar', { length: 16 })
  kind!: OutboxKind;

  /** twotier's order id, `vendure:<order code>`. */
  @Index()
  @Column('varchar', { length: 255 })
  orderId!: string;

  /** Vendure's id of the order, for the note the plugin adds to its history. */
  @Column('varchar', { length: 64 })
  vendureOrderId!: string;

  /** ISO 4217 code of the amounts. */
  @Column('varchar', { length: 3 })
  currency!: string;

  /** The order's channel, to write that note in the right channel. */
  @Column('varchar', { length: 255, nullable: true })
  channelToken!: string | null;

  /** The body sent to twotier (JSON). */
  @Column('text')
  payload!: string;

  /** Minor units: the order's total paid, or the refund's amount. */
  @Column('int')
  amount!: number;

  @Index()
  @Column('varchar', { length: 16 })
  status!: OutboxStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column({ type: Date })
  nextAttemptAt!: Date;

  @Column({ type: Date, nullable: true })
  deliveredAt!: Date | null;

  /** The last error in words, or why the entry was skipped. */
  @Column('text', { nullable: true })
  lastError!: string | null;

  /** twotier's answer in short (commissions or reversals). */
  @Column('text', { nullable: true })
  result!: string | null;
}
