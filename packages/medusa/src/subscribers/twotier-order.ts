import type { SubscriberArgs, SubscriberConfig } from '@medusajs/framework';
import { syncOrder } from '../sync/sync-order';

/** `order.placed` and `order.canceled`: the order (once it counts) and, after a cancellation, the reversal of the rest. */
export default async function twotierOrderSubscriber({ event, container }: SubscriberArgs<{ id: string }>): Promise<void> {
  await syncOrder(container, event.data.id);
}

export const config: SubscriberConfig = {
  event: ['order.placed', 'order.canceled'],
  context: { subscriberId: 'twotier-order' },
};
