import type * as core from '@twotier/core/schema';
import type { z } from 'zod';

type Of<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;

/**
 * Each endpoint the dashboard calls: its method, its path, what it answers
 * and, for a route that takes one, its JSON body, all inferred from the zod
 * schemas the server declares that route with (the same ones its OpenAPI
 * document shows and its validator applies): the answer is the `z.output`
 * of the response schema, the body the `z.input` of the body schema. A route
 * without a fourth entry takes no body. The most specific path comes first:
 * `{id}` matches any text, so `/v1/distributors/{id}/balance` must be tried
 * before `/v1/distributors/{id}`.
 */
type Routes = [
  ['GET', '/v1/admin/session', core.AdminSession],
  ['POST', '/v1/admin/session', core.AdminSession, In<typeof core.adminSignInSchema>],
  ['DELETE', '/v1/admin/session', undefined],
  ['GET', '/v1/admin/reports/overview', core.AdminOverview],
  ['GET', '/v1/admin/reports/analytics', core.AdminAnalytics],
  ['GET', '/v1/admin/reports/compliance', core.AdminCompliance],
  ['GET', '/v1/admin/reports/distributors/{id}/tree', core.AdminDistributorTree],
  ['GET', '/v1/admin/reports/distributors/{id}/ledger', Of<typeof core.adminLedgerPageSchema>],
  ['GET', '/v1/admin/reports/distributors', core.AdminDistributorTable],
  ['GET', '/v1/admin/reports/orders', core.AdminOrderPage],
  ['GET', '/v1/admin/reports/withdrawals', core.AdminWithdrawalPage],
  ['GET', '/v1/admin/setup', core.AdminSetupState],
  ['GET', '/v1/admin/unknown-codes', Of<typeof core.unknownCodesSchema>],
  ['POST', '/v1/program/simulate', core.ProgramSimulation, In<typeof core.programSimulateSchema>],
  ['GET', '/v1/program', core.Program],
  ['PUT', '/v1/program', core.Program, In<typeof core.programSchema>],
  ['GET', '/v1/distributors/{id}/balance', core.Balance],
  ['GET', '/v1/distributors/{id}', core.Distributor],
  ['PATCH', '/v1/distributors/{id}', core.Distributor, In<typeof core.distributorPatchSchema>],
  ['GET', '/v1/distributors', Of<typeof core.distributorPageSchema>],
  ['POST', '/v1/distributors', core.Distributor, In<typeof core.distributorCreateSchema>],
  ['GET', '/v1/commissions', Of<typeof core.commissionPageSchema>],
  ['GET', '/v1/coupons', core.Page<core.Coupon>],
  ['POST', '/v1/coupons', core.Coupon, In<typeof core.couponCreateSchema>],
  ['POST', '/v1/withdrawals/{id}/approve', core.Withdrawal],
  ['POST', '/v1/withdrawals/{id}/reject', core.Withdrawal, In<typeof core.withdrawalRejectSchema>],
  ['POST', '/v1/withdrawals/{id}/paid', core.Withdrawal, In<typeof core.withdrawalPaidSchema>],
  ['GET', '/v1/webhook-endpoints/{id}/deliveries', { data: Of<typeof core.webhookDeliverySchema>[] }],
  ['POST', '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend', Of<typeof core.webhookDeliverySchema>],
  ['GET', '/v1/webhook-endpoints', { data: core.WebhookEndpoint[] }],
  ['POST', '/v1/webhook-endpoints', Of<typeof core.webhookEndpointCreatedSchema>, In<typeof core.webhookEndpointCreateSchema>],
  ['GET', '/v1/settings', Of<typeof core.shopSettingsSchema>],
  ['PATCH', '/v1/shop', core.Shop, In<typeof core.shopPatchSchema>],
  ['POST', '/v1/shop/secret-key', Of<typeof core.secretKeyRotationSchema>],
  ['PUT', '/v1/integrations/stripe', Of<typeof core.shopSettingsSchema>, In<typeof core.stripeSettingsSchema>],
  ['PUT', '/v1/integrations/shopify', Of<typeof core.integrationStatusSchema>, In<typeof core.shopifySettingsSchema>],
  ['PUT', '/v1/integrations/woocommerce', Of<typeof core.integrationStatusSchema>, In<typeof core.wooSettingsSchema>],
  ['GET', '/v1/integrations/{platform}/events', { data: Of<typeof core.integrationEventSchema>[] }],
  ['GET', '/v1/integrations', { data: Of<typeof core.integrationStatusSchema>[] }],
];

/**
 * The query strings the dashboard builds with {@link withQuery}: each the
 * `z.input` of the query schema the server declares for that GET route.
 * (The reports' own queries, period, table and order filters, are declared
 * with schemas of the server's `admin/` and built with the untyped
 * {@link qs}.)
 */
type Queries = [
  ['/v1/admin/reports/distributors/{id}/ledger', In<typeof core.pageQuerySchema>],
  ['/v1/admin/reports/withdrawals', In<typeof core.withdrawalListQuerySchema>],
  ['/v1/distributors', In<typeof core.distributorListQuerySchema>],
  ['/v1/commissions', In<typeof core.commissionListQuerySchema>],
  ['/v1/coupons', In<typeof core.couponListQuerySchema>],
  ['/v1/integrations/{platform}/events', In<typeof core.integrationEventsQuerySchema>],
];

/** An OpenAPI path as the URLs it stands for: `{id}` is any text, and a query string may follow. */
type Urls<P extends string> = P extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${Urls<Tail>}` : P;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** A row of {@link Routes}: method, path, answer and, when the route takes one, body. */
type Route = [Method, string, unknown] | [Method, string, unknown, unknown];

/** The first route of `L` that `method` and `url` match; `never` when none does (a call the table lacks). */
type RouteOf<M extends Method, U extends string, L = Routes> = L extends [infer R extends Route, ...infer Rest]
  ? M extends R[0]
    ? U extends Urls<R[1]> | `${Urls<R[1]>}?${string}`
      ? R
      : RouteOf<M, U, Rest>
    : RouteOf<M, U, Rest>
  : never;

/** The query parameters of the first route of `L` that `url` (without a query string) matches. */
type QueryOf<U extends string, L = Queries> = L extends [[infer P extends string, infer Q], ...infer Rest] ? (U extends Urls<P> ? Q : QueryOf<U, Rest>) : never;
/** Every URL of {@link Queries}. */
type QueryUrl<R = Queries[number]> = R extends [infer P extends string, unknown] ? Urls<P> : never;

/** The answer `api(method, url)` resolves to. */
export type Answer<M extends Method, U extends string> = RouteOf<M, U>[2];

/** The body `api(method, url, body)` takes; `never` when the route takes none. */
export type Body<M extends Method, U extends string> = RouteOf<M, U> extends [Method, string, unknown, infer B] ? B : never;

/** The arguments after the path: the body when the route declares one (then it is required), nothing otherwise. */
type BodyArgs<R> = R extends [Method, string, unknown, infer B] ? [body: B] : [];

/** Every URL the table has a `method` route for: a call to any other does not compile. */
type UrlOf<M extends Method, R = Routes[number]> = R extends [infer RM, infer P extends string, ...unknown[]] ? (M extends RM ? Urls<P> | `${Urls<P>}?${string}` : never) : never;

/** An error answer of the API: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const csrfToken = (): string => /(?:^|;\s*)twotier_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';

/** Called when the session is gone (401), so the app can show the sign-in page. */
let onSignedOut: () => void = () => undefined;
export const setSignedOutHandler = (fn: () => void) => {
  onSignedOut = fn;
};

/**
 * Calls the server's own API with the admin session cookie; every non-GET
 * carries the CSRF token. Answers JSON, or text for CSV. The route table
 * above types both ends from the server's schemas: a body of the wrong
 * shape, a body for a route that takes none, a missing body and a route the
 * table lacks do not compile.
 *
 * @example
 * const overview = await api('GET', `/v1/admin/reports/overview${qs(period)}`); // core.AdminOverview
 * await api('POST', `/v1/withdrawals/${id}/reject`, { reason }); // the body: z.input of withdrawalRejectSchema
 */
export async function api<M extends Method, U extends UrlOf<M>>(method: M, path: U, ...body: BodyArgs<RouteOf<M, U>>): Promise<Answer<M, U>> {
  const res = await send(method, path, (body as [unknown?])[0]);
  if (res.status === 204) return undefined as Answer<M, U>;
  return ((res.headers.get('content-type') ?? '').includes('json') ? await res.json() : await res.text()) as Answer<M, U>;
}

/** One request with the session cookie (and CSRF token on writes); an error answer thrown as {@link ApiError}. */
async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrfToken());
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const err = type.includes('json') ? ((await res.json()) as { error?: { code: string; message: string; details?: unknown } }).error : undefined;
    if (res.status === 401 && !path.endsWith('/admin/session')) onSignedOut();
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `${res.status} ${res.statusText}`, err?.details);
  }
  return res;
}

/**
 * `url` with the query string of `params`, which must be what the route's
 * query schema takes (its `z.input`): a parameter the schema lacks, or a
 * value outside an enum, does not compile.
 *
 * @example
 * await api('GET', withQuery('/v1/distributors', { q: code, limit: 5 })); // a page of core.Distributor
 */
export function withQuery<U extends QueryUrl>(url: U, params: QueryOf<U>): U | `${U}?${string}` {
  const query = qs(params as object);
  return query ? `${url}${query}` : url;
}

/** Builds a query string from the defined values. */
export const qs = (params: object): '' | `?${string}` => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

/**
 * Downloads a CSV answer as a file (the same request, so the same auth),
 * byte for byte: read as text, the UTF-8 BOM Excel needs would be dropped.
 * Answers how many rows the file has and how many were left out (payout
 * files: `Twotier-Rows`, `Twotier-Skipped`).
 */
export async function downloadCsv(path: string, filename: string): Promise<{ rows: number | null; skipped: number }> {
  const res = await send('GET', path);
  const url = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  const rows = res.headers.get('twotier-rows');
  return { rows: rows === null ? null : Number(rows), skipped: Number(res.headers.get('twotier-skipped') ?? 0) };
}
