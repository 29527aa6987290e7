import type { Logger, MedusaContainer } from '@medusajs/framework/types';
import { ContainerRegistrationKeys } from '@medusajs/framework/utils';
import { TWOTIER_MODULE } from '../constants';
import { ORDER_FIELDS, type MedusaOrder } from '../convert/medusa-order';
import type TwotierModuleService from '../modules/twotier/service';

/** What {@link syncOrder} did. */
export interface SyncResult {
  /** Events the order calls for now (order, refunds, cancellation). */
  planned: number;
  /** Of those, the ones the outbox did not hold yet. */
  recorded: number;
}

type Graph = (config: { entity: string; fields: readonly string[]; filters: Record<string, unknown> }) => Promise<{ data: unknown[] }>;

const graphOf = (container: MedusaContainer): Graph => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as { graph: Graph };
  return (config) => query.graph({ ...config, fields: [...config.fields] });
};

/**
 * Reads the order as it stands, writes what twotier should hold for it into
 * the outbox (only what is new), and starts a delivery round without waiting
 * for it: once this returns, the events are durable, whether or not twotier
 * answers. Every subscriber of the plugin ends here, whichever event it got;
 * the admin sync (`retryRefused`) also puts refused rows back in line.
 */
export async function syncOrder(container: MedusaContainer, orderId: string, { retryRefused = false } = {}): Promise<SyncResult> {
  const twotier = container.resolve<TwotierModuleService>(TWOTIER_MODULE);
  const { data } = await graphOf(container)({ entity: 'order', fields: ORDER_FIELDS, filters: { id: orderId } });
  const order = data[0] as MedusaOrder | undefined;
  if (!order) return { planned: 0, recorded: 0 };
  const result = await twotier.recordOrder(order, { retryRefused });
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER);
  twotier.flush().catch((error: unknown) => logger.warn(`[twotier] delivery round failed: ${error instanceof Error ? error.message : String(error)}`));
  return result;
}

/** The id of the order a payment belongs to, through its payment collection; `null` for a payment of no order. */
export async function orderIdOfPayment(container: MedusaContainer, paymentId: string): Promise<string | null> {
  const graph = graphOf(container);
  const { data: payments } = await graph({ entity: 'payment', fields: ['id', 'payment_collection_id'], filters: { id: paymentId } });
  const collectionId = (payments[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id;
  if (!collectionId) return null;
  const { data: links } = await graph({ entity: 'order_payment_collection', fields: ['order_id'], filters: { payment_collection_id: collectionId } });
  return (links[0] as { order_id?: string } | undefined)?.order_id ?? null;
}
