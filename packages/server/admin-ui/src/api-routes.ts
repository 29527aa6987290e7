import * as core from '@twotier/core/schema';
import { z } from 'zod';

/**
 * Each endpoint the dashboard calls, with the zod schemas the server
 * declares that route with (the same ones its validator applies and its
 * OpenAPI document shows): `response` the answer, `body` the JSON body of a
 * route that takes one. `api.ts` types its calls from this table (the
 * answer is the `z.output` of `response`, the body the `z.input` of `body`)
 * and imports it as a type only, so the dashboard's bundle does not carry
 * it; `test/admin-ui-routes.test.ts` checks each row against the server's
 * document. The most specific path comes first: `{id}` matches any text,
 * so `/v1/distributors/{id}/balance` must be tried before
 * `/v1/distributors/{id}`.
 */
export const ROUTES = [
  { method: 'GET', path: '/v1/admin/session', response: core.adminSessionSchema },
  { method: 'POST', path: '/v1/admin/session', response: core.adminSessionSchema, body: core.adminSignInSchema },
  { method: 'DELETE', path: '/v1/admin/session' },
  { method: 'GET', path: '/v1/admin/reports/overview', response: core.adminOverviewSchema },
  { method: 'GET', path: '/v1/admin/reports/analytics', response: core.adminAnalyticsSchema },
  { method: 'GET', path: '/v1/admin/reports/compliance', response: core.adminComplianceSchema },
  { method: 'GET', path: '/v1/admin/reports/distributors/{id}/tree', response: core.adminDistributorTreeSchema },
  { method: 'GET', path: '/v1/admin/reports/distributors/{id}/ledger', response: core.adminLedgerPageSchema },
  { method: 'GET', path: '/v1/admin/reports/distributors', response: core.adminDistributorTableSchema },
  { method: 'GET', path: '/v1/admin/reports/orders', response: core.adminOrderPageSchema },
  { method: 'GET', path: '/v1/admin/reports/withdrawals', response: core.adminWithdrawalPageSchema },
  { method: 'GET', path: '/v1/admin/setup', response: core.setupStateSchema },
  { method: 'GET', path: '/v1/admin/unknown-codes', response: core.unknownCodesSchema },
  { method: 'POST', path: '/v1/program/simulate', response: core.simulationSchema, body: core.programSimulateSchema },
  { method: 'GET', path: '/v1/program', response: core.programSchema },
  { method: 'PUT', path: '/v1/program', response: core.programSchema, body: core.programSchema },
  { method: 'GET', path: '/v1/distributors/{id}/balance', response: core.balanceSchema },
  { method: 'GET', path: '/v1/distributors/{id}', response: core.distributorSchema },
  { method: 'PATCH', path: '/v1/distributors/{id}', response: core.distributorSchema, body: core.distributorPatchSchema },
  { method: 'GET', path: '/v1/distributors', response: core.distributorPageSchema },
  { method: 'POST', path: '/v1/distributors', response: core.distributorSchema, body: core.distributorCreateSchema },
  { method: 'GET', path: '/v1/commissions', response: core.commissionPageSchema },
  { method: 'GET', path: '/v1/coupons', response: core.pageOf(core.couponSchema) },
  { method: 'POST', path: '/v1/coupons', response: core.couponSchema, body: core.couponCreateSchema },
  { method: 'POST', path: '/v1/withdrawals/{id}/approve', response: core.withdrawalSchema },
  { method: 'POST', path: '/v1/withdrawals/{id}/reject', response: core.withdrawalSchema, body: core.withdrawalRejectSchema },
  { method: 'POST', path: '/v1/withdrawals/{id}/paid', response: core.withdrawalSchema, body: core.withdrawalPaidSchema },
  { method: 'GET', path: '/v1/webhook-endpoints/{id}/deliveries', response: z.object({ data: z.array(core.webhookDeliverySchema) }) },
  { method: 'POST', path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend', response: core.webhookDeliverySchema },
  { method: 'GET', path: '/v1/webhook-endpoints', response: z.object({ data: z.array(core.webhookEndpointSchema) }) },
  { method: 'POST', path: '/v1/webhook-endpoints', response: core.webhookEndpointCreatedSchema, body: core.webhookEndpointCreateSchema },
  { method: 'GET', path: '/v1/settings', response: core.shopSettingsSchema },
  { method: 'PATCH', path: '/v1/shop', response: core.shopSchema, body: core.shopPatchSchema },
  { method: 'POST', path: '/v1/shop/secret-key', response: core.secretKeyRotationSchema },
  { method: 'PUT', path: '/v1/integrations/stripe', response: core.shopSettingsSchema, body: core.stripeSettingsSchema },
  { method: 'PUT', path: '/v1/integrations/shopify', response: core.integrationStatusSchema, body: core.shopifySettingsSchema },
  { method: 'PUT', path: '/v1/integrations/woocommerce', response: core.integrationStatusSchema, body: core.wooSettingsSchema },
  { method: 'GET', path: '/v1/integrations/{platform}/events', response: z.object({ data: z.array(core.integrationEventSchema) }) },
  { method: 'GET', path: '/v1/integrations', response: z.object({ data: z.array(core.integrationStatusSchema) }) },
] as const;

/**
 * The GET routes whose query strings the dashboard builds with `withQuery`,
 * with the query schema the server declares for each (the reports' period,
 * table and order filters included, and the payout file's).
 */
export const QUERIES = [
  { path: '/v1/admin/reports/overview', query: core.periodQuerySchema },
  { path: '/v1/admin/reports/analytics', query: core.periodQuerySchema },
  { path: '/v1/admin/reports/distributors/{id}/ledger', query: core.pageQuerySchema },
  { path: '/v1/admin/reports/distributors', query: core.distributorTableQuerySchema },
  { path: '/v1/admin/reports/orders', query: core.orderListQuerySchema },
  { path: '/v1/admin/reports/withdrawals', query: core.withdrawalListQuerySchema },
  { path: '/v1/admin/reports/payouts.csv', query: core.payoutsCsvQuerySchema },
  { path: '/v1/distributors', query: core.distributorListQuerySchema },
  { path: '/v1/commissions', query: core.commissionListQuerySchema },
  { path: '/v1/coupons', query: core.couponListQuerySchema },
  { path: '/v1/integrations/{platform}/events', query: core.integrationEventsQuerySchema },
] as const;

/**
 * The CSV files the dashboard downloads with `downloadCsv` (GET, answered
 * as `text/csv`); a query string is built with `withQuery` from `QUERIES`.
 */
export const CSV_FILES = ['/v1/admin/reports/compliance.csv', '/v1/admin/reports/payouts.csv'] as const;
