import { meEmailSettingsSchema, mePatchSchema, payoutAccountCreateSchema, payoutAccountListSchema, payoutAccountSchema, withdrawalQuoteQuerySchema, withdrawalQuoteSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { op, type RouteDoc } from './route-doc';

/** Payout accounts, the withdrawal quote and the emails' unsubscribe page. */
export const payoutCatalog: RouteDoc[] = [
  op('get', '/v1/email/unsubscribe', 'Email', 'none', "The unsubscribe link of distributors' emails: a page, in the distributor's language, with one button (a GET changes nothing)", { query: z.object({ token: z.string() }), contentType: 'text/html' }),
  op('post', '/v1/email/unsubscribe', 'Email', 'none', 'Unsubscribe (the page’s button, and RFC 8058 one-click); `action=resubscribe` subscribes again', { query: z.object({ token: z.string() }), contentType: 'text/html' }),
];
