import { meEmailSettingsSchema, mePatchSchema, payoutAccountCreateSchema, payoutAccountListSchema, payoutAccountSchema, withdrawalQuoteQuerySchema, withdrawalQuoteSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { op, type RouteDoc } from './route-doc';

/** Payout accounts, the withdrawal quote and the emails' unsubscribe page. */
export const payoutCatalog: RouteDoc[] = [
];
