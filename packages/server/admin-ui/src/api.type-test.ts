/**
 * Type-level tests of the dashboard's client (`api.ts`): never run, only
 * compiled by the repository's typecheck (`tsc -p tsconfig.json`, the
 * guardrails project). Each `@ts-expect-error` line must stay an error: if
 * the route table stopped typing bodies (a `body?: unknown` again), the
 * directive would be unused and the typecheck would fail. Nothing imports
 * this file, so the dashboard's bundle does not contain it.
 */
import type { DistributorPatch, Withdrawal } from '@twotier/core/schema';
import { api, downloadCsv, withQuery, type Answer, type Body } from './api';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T) => undefined;

// The body types are the z.input of the schemas the server declares the routes with.
expectType<Equal<Body<'POST', '/v1/withdrawals/w_1/reject'>, { reason: string }>>(true);
expectType<Equal<Body<'POST', '/v1/withdrawals/w_1/paid'>, { reference: string }>>(true);
expectType<Equal<Body<'PATCH', '/v1/distributors/d_1'>, DistributorPatch>>(true);
expectType<Equal<Body<'POST', '/v1/admin/session'>, { shopId?: string | undefined; email: string; password: string }>>(true);
// the simulator's `days` has a default: optional in the body, as z.input says
expectType<Equal<Body<'POST', '/v1/program/simulate'>, { program: unknown; days?: number | undefined }>>(true);
// a route without a body, and a query string after a path
expectType<Equal<Body<'POST', '/v1/withdrawals/w_1/approve'>, never>>(true);
expectType<Equal<Body<'GET', '/v1/distributors?limit=5'>, never>>(true);
expectType<Equal<Answer<'POST', '/v1/withdrawals/w_1/approve'>, Withdrawal>>(true);

/** Calls that must compile, and calls that must not. Never called. */
export async function apiCalls(id: string, reason: string) {
  const rejected: Withdrawal = await api('POST', `/v1/withdrawals/${id}/reject`, { reason });
  await api('POST', `/v1/withdrawals/${id}/approve`);
  await api('PATCH', `/v1/distributors/${id}`, { parentId: null });
  await api('POST', '/v1/admin/session', { email: 'a@shop.example', password: 'secret' });

  // @ts-expect-error the body of another route ({ reference } is /paid's)
  await api('POST', `/v1/withdrawals/${id}/reject`, { reference: reason });
  // @ts-expect-error a field of the wrong type
  await api('POST', `/v1/withdrawals/${id}/reject`, { reason: 42 });
  // @ts-expect-error a field the schema (strict) does not have
  await api('PATCH', `/v1/distributors/${id}`, { parentCode: 'ANNA' });
  // @ts-expect-error a status the schema does not list
  await api('PATCH', `/v1/distributors/${id}`, { status: 'deleted' });
  // @ts-expect-error the sign-in needs a password
  await api('POST', '/v1/admin/session', { email: 'a@shop.example' });
  // @ts-expect-error a route that takes a body, called without one
  await api('POST', `/v1/withdrawals/${id}/reject`);
  // @ts-expect-error a route that takes no body, called with one
  await api('POST', `/v1/withdrawals/${id}/approve`, { reason });
  // @ts-expect-error a GET takes no body
  await api('GET', '/v1/program', {});
  // @ts-expect-error a route the table lacks
  await api('POST', '/v1/nowhere', {});
  // @ts-expect-error a method the table lacks for this path
  await api('DELETE', '/v1/program');
  return rejected;
}

/** Query strings built with `withQuery`, typed by the routes' query schemas. Never called. */
export async function queryCalls(id: string) {
  await api('GET', withQuery('/v1/admin/reports/withdrawals', { status: 'approved', limit: 25 }));
  await api('GET', withQuery(`/v1/admin/reports/distributors/${id}/ledger`, { limit: 20 }));
  const page = await api('GET', withQuery('/v1/coupons', { distributorId: id }));
  // @ts-expect-error a status the withdrawal list does not have
  withQuery('/v1/admin/reports/withdrawals', { status: 'pending' });
  // @ts-expect-error a parameter the coupon list does not take
  withQuery('/v1/coupons', { code: 'ANNA' });
  // @ts-expect-error a sort order the distributor list does not have
  withQuery('/v1/distributors', { sort: 'email' });
  // @ts-expect-error a route without a query schema in the table
  withQuery('/v1/program', {});
  return page.data;
}

/** The reports' queries (period, table, order filters) and the CSV downloads. Never called. */
export async function reportCalls(id: string) {
  const overview = await api('GET', withQuery('/v1/admin/reports/overview', { from: '2026-11-01', to: '2026-11-30' }));
  await api('GET', withQuery('/v1/admin/reports/analytics', {}));
  await api('GET', withQuery('/v1/admin/reports/distributors', { q: 'anna', status: 'active', sort: '-sales', limit: 25 }));
  await api('GET', withQuery('/v1/admin/reports/orders', { distributorId: id, status: 'refunded', from: '2026-11-01' }));
  await downloadCsv(withQuery('/v1/admin/reports/payouts.csv', { status: 'approved', format: 'alipay' }), 'payouts-alipay.csv');
  await downloadCsv('/v1/admin/reports/compliance.csv', 'commissions-by-level.csv');
  // @ts-expect-error the period is from and to, not a number of days
  withQuery('/v1/admin/reports/overview', { days: 30 });
  // @ts-expect-error a sort the distributor table does not have
  withQuery('/v1/admin/reports/distributors', { sort: '-email' });
  // @ts-expect-error an order status the filter does not list
  withQuery('/v1/admin/reports/orders', { status: 'paid' });
  // @ts-expect-error a payout format the server does not make
  withQuery('/v1/admin/reports/payouts.csv', { format: 'swift' });
  // @ts-expect-error a status the payout file does not take
  withQuery('/v1/admin/reports/payouts.csv', { status: 'rejected' });
  // @ts-expect-error a route that answers JSON, not a CSV file
  await downloadCsv('/v1/program', 'program.csv');
  // @ts-expect-error a CSV file the table lacks
  await downloadCsv('/v1/admin/reports/orders.csv', 'orders.csv');
  return overview.kpis;
}
