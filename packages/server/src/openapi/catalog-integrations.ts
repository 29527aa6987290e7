import { z } from 'zod';
import {
  deliveryAnswerSchema,
  integrationEventSchema,
  integrationEventsQuerySchema,
  integrationStatusSchema,
  shopifySettingsSchema,
  wooSettingsSchema,
} from '../integrations/integration-schemas';
import { op, type RouteDoc } from './route-doc';

const anyJson = z.record(z.string(), z.unknown());

/** The commerce-platform connectors (API.md "Commerce platforms"). */
export const integrationCatalog: RouteDoc[] = [
  op('put', '/v1/integrations/shopify', 'Integrations', 'secret', 'Set the Shopify webhook secret (and the shop domain deliveries must name)', { body: shopifySettingsSchema, response: integrationStatusSchema }),
  op('put', '/v1/integrations/woocommerce', 'Integrations', 'secret', 'Set the WooCommerce webhook secret (and the statuses at which an order counts)', { body: wooSettingsSchema, response: integrationStatusSchema }),
  op('get', '/v1/integrations', 'Integrations', 'secret', "Each platform's status, webhook URL, last event and last error", { response: z.object({ data: z.array(integrationStatusSchema) }) }),
  op('get', '/v1/integrations/{platform}/events', 'Integrations', 'secret', 'Recent events of one platform with their outcome', { query: integrationEventsQuerySchema, response: z.object({ data: z.array(integrationEventSchema) }) }),
  op('post', '/v1/integrations/shopify/{shopId}/webhook', 'Integrations', 'shopify', 'Shopify webhooks (orders/paid, refunds/create, orders/cancelled); deduplicated on X-Shopify-Webhook-Id; bad or missing signature 401', { body: anyJson, response: deliveryAnswerSchema }),
  op('post', '/v1/integrations/woocommerce/{shopId}/webhook', 'Integrations', 'woocommerce', 'WooCommerce webhooks (order.created, order.updated); deduplicated on X-WC-Webhook-Delivery-ID; the unsigned creation ping answers 200', { body: anyJson, response: deliveryAnswerSchema }),
];
