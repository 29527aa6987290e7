import { model } from '@medusajs/framework/utils';

/**
 * The outbox: one row per thing twotier should hold for a Medusa order (the
 * order, each refund, a cancellation), written before the Medusa event is
 * acknowledged and kept until twotier has answered. `key` makes a re-emitted
 * event a no-op; `status` is `pending` until sent, `sent`, or `refused` with
 * the reason in `last_error`.
 */
export const TwotierEvent = model
  .define('twotier_event', {
    id: model.id({ prefix: 'ttev' }).primaryKey(),
    key: model.text(),
    kind: model.enum(['order', 'refund']),
    medusa_order_id: model.text(),
    twotier_order_id: model.text(),
    /** Its place among the rows planned together: the order before its refunds. */
    position: model.number().default(0),
    payload: model.json().nullable(),
    status: model.enum(['pending', 'sent', 'refused']).default('pending'),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime(),
    last_error: model.text().nullable(),
    /** What twotier answered: the commissions of an order, the reversals of a refund. */
    result: model.json().nullable(),
    sent_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ['key'], unique: true },
    { on: ['medusa_order_id'] },
    { on: ['status', 'next_attempt_at'] },
  ]);
