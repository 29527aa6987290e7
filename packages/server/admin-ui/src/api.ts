import type { z } from 'zod';
// a type-only import: the table's schemas type the calls and stay out of the bundle
import type { CSV_FILES, QUERIES, ROUTES } from './api-routes';

/** An OpenAPI path as the URLs it stands for: `{id}` is any text, and a query string may follow. */
type Urls<P extends string> = P extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${Urls<Tail>}` : P;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** A row of the route table (`api-routes.ts`). */
type Route = { method: Method; path: string; response?: z.ZodType; body?: z.ZodType };

/** The first route of `L` that `method` and `url` match; `never` when none does (a call the table lacks). */
type RouteOf<M extends Method, U extends string, L = typeof ROUTES> = L extends readonly [infer R extends Route, ...infer Rest]
  ? M extends R['method']
    ? U extends Urls<R['path']> | `${Urls<R['path']>}?${string}`
      ? R
      : RouteOf<M, U, Rest>
    : RouteOf<M, U, Rest>
  : never;

/** The query parameters (`z.input` of the query schema) of the first route of `L` that `url`, without a query string, matches. */
type QueryOf<U extends string, L = typeof QUERIES> = L extends readonly [{ path: infer P extends string; query: infer Q extends z.ZodType }, ...infer Rest]
  ? U extends Urls<P>
    ? z.input<Q>
    : QueryOf<U, Rest>
  : never;
/** Every URL of the query table. */
type QueryUrl<R = (typeof QUERIES)[number]> = R extends { path: infer P extends string } ? Urls<P> : never;

/** Every URL of a CSV file the dashboard downloads, with or without a query string. */
type CsvUrl = Urls<(typeof CSV_FILES)[number]> | `${Urls<(typeof CSV_FILES)[number]>}?${string}`;

/** What a route answers: the `z.output` of its response schema (`undefined` for a 204). */
type AnswerOfRoute<R> = R extends { response: infer S extends z.ZodType } ? z.output<S> : undefined;

/** The answer `api(method, url)` resolves to. */
export type Answer<M extends Method, U extends string> = AnswerOfRoute<RouteOf<M, U>>;

/** The body `api(method, url, body)` takes (`z.input` of the route's body schema); `never` when the route takes none. */
export type Body<M extends Method, U extends string> = RouteOf<M, U> extends { body: infer S extends z.ZodType } ? z.input<S> : never;

/** The arguments after the path: the body when the route declares one (then it is required), nothing otherwise. */
type BodyArgs<R> = R extends { body: infer S extends z.ZodType } ? [body: z.input<S>] : [];

/** Every URL the table has a `method` route for: a call to any other does not compile. */
type UrlOf<M extends Method, R = (typeof ROUTES)[number]> = R extends { method: infer RM; path: infer P extends string } ? (M extends RM ? Urls<P> | `${Urls<P>}?${string}` : never) : never;

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
 * const overview = await api('GET', withQuery('/v1/admin/reports/overview', period)); // core.AdminOverview
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

/** Builds a query string from the defined values (an empty text is no value). */
const qs = (params: object): '' | `?${string}` => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

/**
 * Downloads a CSV answer as a file (the same request, so the same auth),
 * byte for byte: read as text, the UTF-8 BOM Excel needs would be dropped.
 * Answers how many rows the file has and how many were left out (payout
 * files: `Twotier-Rows`, `Twotier-Skipped`). Only the CSV routes of the
 * table (`CSV_FILES`) compile; their query strings come from `withQuery`.
 *
 * @example
 * await downloadCsv(withQuery('/v1/admin/reports/payouts.csv', { status: 'approved', format: 'alipay' }), 'payouts-alipay.csv');
 */
export async function downloadCsv(path: CsvUrl, filename: string): Promise<{ rows: number | null; skipped: number }> {
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
