import { meEmailSettingsSchema, mePatchSchema, payoutAccountCreateSchema, payoutAccountListSchema, payoutAccountSchema, withdrawalQuoteQuerySchema, withdrawalQuoteSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { op, type RouteDoc } from './route-doc';

/** Payout accounts, the withdrawal quote and the emails' unsubscribe page. */
export const payoutCatalog: RouteDoc[] = [
  op('get', '/v1/me/payout-accounts', 'Share panel', 'session', 'My payout accounts, masked', { response: payoutAccountListSchema }),
  op('post', '/v1/me/payout-accounts', 'Share panel', 'session', 'Add one of my payout accounts', { body: payoutAccountCreateSchema, response: payoutAccountSchema, status: 201 }),
  op('delete', '/v1/me/payout-accounts/{accountId}', 'Share panel', 'session', 'Delete one of my payout accounts', { status: 204 }),
  op('get', '/v1/me/withdrawals/quote', 'Share panel', 'session', 'What a withdrawal of an amount would be: fee, net, and whether balance and minimum allow it (shown before confirming)', { query: withdrawalQuoteQuerySchema, response: withdrawalQuoteSchema }),
  op('patch', '/v1/me', 'Share panel', 'session', 'The language of my emails, and whether I get them', { body: mePatchSchema, response: meEmailSettingsSchema }),
  op('get', '/v1/email/unsubscribe', 'Email', 'none', "The unsubscribe link of distributors' emails: a page, in the distributor's language, with one button (a GET changes nothing)", { query: z.object({ token: z.string() }), contentType: 'text/html' }),
  op('post', '/v1/email/unsubscribe', 'Email', 'none', 'Unsubscribe (the page’s button, and RFC 8058 one-click); `action=resubscribe` subscribes again', { query: z.object({ token: z.string() }), contentType: 'text/html' }),
];
