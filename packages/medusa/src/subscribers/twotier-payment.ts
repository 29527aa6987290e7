import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework';
import { orderIdOfPayment, syncOrder } from '../sync/sync-order';

/** `payment.captured` and `payment.refunded`: the order once its payment is captured in full, and each refund. */
export default async function twotierPaymentSubscriber({ event, container }: SubscriberArgs<{ id: string }>): Promise<void> {
  const orderId = await orderIdOfPayment(container, event.data.id);
  if (orderId) await syncOrder(container, orderId);
}

export const config: SubscriberConfig = {
  event: ['payment.captured', 'payment.refunded'],
  context: { subscriberId: 'twotier-payment' },
};
