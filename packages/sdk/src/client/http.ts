import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { TwotierApiError, toApiError } from '../errors';

/** How a client authenticates: a shop's secret key, a publishable key, a distributor session or the operator token. */
export interface TwotierAuth {
  secretKey?: string | undefined;
  publishableKey?: string | undefined;
  session?: string | undefined;
  operatorToken?: string | undefined;
}

/** Retry tuning. Only idempotent calls are ever retried. */
export interface TwotierRetryOptions {
  /** Retries after the first attempt (default 2). */
  limit?: number;
  /** Delay before retry `n` (1-based), in ms; default 300 · 2^(n−1), capped at 5 s. */
  delay?: (attempt: number) => number;
}

/** Options shared by every request helper. */
export interface HttpOptions extends TwotierAuth {
  baseUrl: string;
  fetch?: typeof globalThis.fetch | undefined;
  retry?: TwotierRetryOptions | undefined;
  /** Per-attempt timeout in ms (default 10 000). */
  timeout?: number | undefined;
}

/** Whether a call may be retried: `safe` calls are reads, replaces and writes keyed by the shop's own id. */
export type Retry = 'safe' | 'never';

/** One request as the resources describe it. */
export interface CallOptions {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  json?: unknown;
  query?: Record<string, string | number | boolean | undefined | null> | undefined;
  retry: Retry;
  /** Which credential to send; default: the strongest configured. */
  auth?: 'secret' | 'session' | 'operator' | 'none';
  /** Read the body as text (CSV exports). */
  text?: boolean;
  /** Read the body as bytes (files whose BOM or encoding must survive). */
  bytes?: boolean;
}

/** The request function resources are written against. */
export type Call = <T>(options: CallOptions) => Promise<T>;

const cleanQuery = (q: CallOptions['query']): Record<string, string> | undefined => {
  if (!q) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
};

/** Creates the request function over ky: base URL, auth header, error mapping and the retry policy. */
export function createCall(options: HttpOptions): Call {
  const limit = options.retry?.limit ?? 2;
  const delay = options.retry?.delay ?? ((n: number) => Math.min(5000, 300 * 2 ** (n - 1)));
  const api: KyInstance = ky.create({
    baseUrl: options.baseUrl.replace(/\/?$/, '/'),
    timeout: options.timeout ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const bearer = (auth: CallOptions['auth']): string | undefined => {
    if (auth === 'none') return undefined;
    if (auth === 'session') return options.session;
    if (auth === 'operator') return options.operatorToken;
    return options.secretKey ?? options.session ?? options.operatorToken;
  };

  return async <T>(call: CallOptions): Promise<T> => {
    const token = bearer(call.auth);
    const kyOptions: Options = {
      method: call.method,
      searchParams: cleanQuery(call.query),
      headers: token ? { authorization: `Bearer ${token}` } : {},
      retry:
        call.retry === 'safe'
          ? { limit, methods: [call.method], statusCodes: [408, 429, 500, 502, 503, 504], delay, retryOnTimeout: true }
          : { limit: 0 },
    };
    if (call.json !== undefined) kyOptions.json = call.json;
    try {
      const res = await api(call.path.replace(/^\//, ''), kyOptions);
      if (call.bytes) return new Uint8Array(await res.arrayBuffer()) as T;
      if (call.text) return (await res.text()) as T;
      const body = await res.text();
      return (body ? JSON.parse(body) : undefined) as T;
    } catch (error) {
      if (error instanceof HTTPError) {
        throw toApiError(error.response.status, error.data, `${call.method.toUpperCase()} ${call.path} failed with status ${error.response.status}`);
      }
      if (error instanceof TimeoutError) throw new TwotierApiError(0, 'timeout', `${call.method.toUpperCase()} ${call.path} timed out`);
      const message = error instanceof Error ? error.message : String(error);
      throw new TwotierApiError(0, 'network_error', `${call.method.toUpperCase()} ${call.path} failed: ${message}`);
    }
  };
}
