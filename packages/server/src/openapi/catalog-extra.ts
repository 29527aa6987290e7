import { z } from 'zod';
import {
  bonusListQuerySchema,
  bonusListSchema,
  bonusRunResultSchema,
  rewardPoolSchema,
  rewardPoolUploadSchema,
  shopSettingsPatchSchema,
  shopSettingsSchema,
  stripeResultSchema,
  stripeSettingsSchema,
  welcomeQuerySchema,
  welcomeSchema,
} from '../schemas/feature-schemas';
import { clickStatsQuerySchema } from '../routes/click-stats-routes';
import { conversionListQuerySchema, conversionPageSchema } from '../routes/conversion-routes';
import { webhookEndpointInputSchema, webhookEventNameSchema } from '../webhooks/event-types';
import { op, type RouteDoc } from './route-doc';

const endpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventNameSchema),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  secret: z.string().optional().describe('whsec_…, only in the answer to POST'),
});
const delivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: webhookEventNameSchema,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  payload: z.unknown(),
});
const anyJson = z.record(z.string(), z.unknown());

/** Operations beyond API.md's fixed list: bonuses, rewards, settings, webhooks, Stripe, docs, admin. */
export const extraCatalog: RouteDoc[] = [
  op('get', '/healthz', 'Docs', 'none', 'Health', { response: z.object({ ok: z.boolean(), database: z.string() }) }),
];

/** The admin dashboard's own API (cookie session of an admin user, or the operator token for admin users). */
export const adminCatalog: RouteDoc[] = [
  op('post', '/v1/admin-users', 'Admin', 'operator', 'Create an admin user of a shop', { body: anyJson, response: anyJson, status: 201 }),
  op('post', '/v1/admin/session', 'Admin', 'none', 'Sign in to the dashboard', { body: anyJson, response: anyJson }),
  op('get', '/v1/admin/session', 'Admin', 'admin', 'Current dashboard session', { response: anyJson }),
  op('delete', '/v1/admin/session', 'Admin', 'admin', 'Sign out', { response: anyJson }),
  ...['overview', 'analytics', 'distributors', 'orders', 'withdrawals', 'compliance'].map((r) =>
    op('get', `/v1/admin/reports/${r}`, 'Admin', 'admin', `Dashboard report: ${r}`, { response: anyJson }),
  ),
  ...['tree', 'ledger', 'coupons'].map((r) => op('get', `/v1/admin/reports/distributors/{id}/${r}`, 'Admin', 'admin', `Dashboard: distributor ${r}`, { response: anyJson })),
  op('get', '/v1/admin/reports/compliance.csv', 'Admin', 'admin', 'Compliance report CSV', { contentType: 'text/csv' }),
  op('get', '/v1/admin/reports/payouts.csv', 'Admin', 'admin', 'Payouts CSV', { contentType: 'text/csv' }),
  op('get', '/v1/admin/setup', 'Admin', 'admin', 'Setup checklist of a new shop: rates set, tag seen on an allowed origin, first distributor, first order', { response: anyJson }),
  op('get', '/v1/admin/unknown-codes', 'Admin', 'admin', 'Referral codes seen on visits that name no distributor (typos), most recent first', { response: anyJson }),
  op('post', '/v1/program/simulate', 'Admin', 'secret', 'Simulate a draft program on recent orders', { body: anyJson, response: anyJson }),
  op('patch', '/v1/shop', 'Shop', 'secret', 'Change the shop name or allowed origins', { body: anyJson, response: anyJson }),
  op('post', '/v1/shop/secret-key', 'Shop', 'secret', 'Rotate the secret key (the new one is shown once)', { response: anyJson }),
];
