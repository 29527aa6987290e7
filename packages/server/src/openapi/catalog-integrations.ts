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
];
