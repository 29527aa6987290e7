import type * as core from '@twotier/core/schema';
import type { z } from 'zod';

type Of<S extends z.ZodType> = z.output<S>;

/**
 * What each endpoint the dashboard calls answers, inferred from the zod
 * schemas the server declares that route with (the same ones its OpenAPI
 * document shows). The most specific path comes first: `{id}` matches any
 * text, so `/v1/distributors/{id}/balance` must be tried before
 * `/v1/distributors/{id}`.
 */
type Routes = [
  ['GET', '/v1/admin/session', core.AdminSession],
  ['POST', '/v1/admin/session', core.AdminSession],
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
  ['POST', '/v1/program/simulate', core.ProgramSimulation],
  ['GET', '/v1/program', core.Program],
  ['PUT', '/v1/program', core.Program],
  ['GET', '/v1/distributors/{id}/balance', core.Balance],
  ['GET', '/v1/distributors/{id}', core.Distributor],
  ['PATCH', '/v1/distributors/{id}', core.Distributor],
  ['GET', '/v1/distributors', Of<typeof core.distributorPageSchema>],
  ['POST', '/v1/distributors', core.Distributor],
  ['GET', '/v1/commissions', Of<typeof core.commissionPageSchema>],
  ['GET', '/v1/coupons', core.Page<core.Coupon>],
  ['POST', '/v1/coupons', core.Coupon],
  ['POST', '/v1/withdrawals/{id}/approve', core.Withdrawal],
  ['POST', '/v1/withdrawals/{id}/reject', core.Withdrawal],
  ['POST', '/v1/withdrawals/{id}/paid', core.Withdrawal],
  ['GET', '/v1/webhook-endpoints/{id}/deliveries', { data: Of<typeof core.webhookDeliverySchema>[] }],
  ['POST', '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend', Of<typeof core.webhookDeliverySchema>],
  ['GET', '/v1/webhook-endpoints', { data: core.WebhookEndpoint[] }],
  ['POST', '/v1/webhook-endpoints', Of<typeof core.webhookEndpointCreatedSchema>],
  ['GET', '/v1/settings', Of<typeof core.shopSettingsSchema>],
  ['PATCH', '/v1/shop', core.Shop],
  ['POST', '/v1/shop/secret-key', Of<typeof core.secretKeyRotationSchema>],
  ['PUT', '/v1/integrations/stripe', Of<typeof core.shopSettingsSchema>],
  ['PUT', '/v1/integrations/shopify', Of<typeof core.integrationStatusSchema>],
  ['PUT', '/v1/integrations/woocommerce', Of<typeof core.integrationStatusSchema>],
  ['GET', '/v1/integrations/{platform}/events', { data: Of<typeof core.integrationEventSchema>[] }],
  ['GET', '/v1/integrations', { data: Of<typeof core.integrationStatusSchema>[] }],
];

/** An OpenAPI path as the URLs it stands for: `{id}` is any text, and a query string may follow. */
type Urls<P extends string> = P extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${Urls<Tail>}` : P;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The answer of the first route of `L` that `method` and `url` match; `unknown` when none does (a call the table lacks). */
type AnswerOf<M extends Method, U extends string, L = Routes> = L extends [[infer RM, infer RP extends string, infer A], ...infer Rest]
  ? M extends RM
    ? U extends Urls<RP> | `${Urls<RP>}?${string}`
      ? A
      : AnswerOf<M, U, Rest>
    : AnswerOf<M, U, Rest>
  : unknown;

/** The answer `api(method, url)` resolves to. */
export type Answer<M extends Method, U extends string> = AnswerOf<M, U>;

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
 * carries the CSRF token. Answers JSON, or text for CSV, typed by the route
 * table above from the server's schemas.
 *
 * @example
 * const overview = await api('GET', `/v1/admin/reports/overview${qs(period)}`); // core.AdminOverview
 */
export async function api<M extends Method, U extends string>(method: M, path: U, body?: unknown): Promise<Answer<M, U>> {
  const res = await send(method, path, body);
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
