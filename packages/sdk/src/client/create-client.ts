import { createBrowserApis, createMeApi, type BrowserApis, type MeApi } from './browser';
import { createDistributorsApi, type DistributorsApi } from './distributors';
import { createCall, type HttpOptions, type TwotierRetryOptions } from './http';
import { createOrdersApi, type OrdersApi } from './orders';
import { createShopApis, type ShopApis } from './shop';
import { createWithdrawalsApi, type WithdrawalsApi } from './withdrawals';

/** Options of {@link createTwotierClient}. Give the credentials the calls you make need. */
export interface TwotierClientOptions {
  /** The tracking server, e.g. `https://twotier.shop.example`. */
  baseUrl: string;
  /** `sk_…`: the shop server's key. Never put it in a page. */
  secretKey?: string;
  /** `pk_…`: for tracking, public lookups and sessions. */
  publishableKey?: string;
  /** A distributor session from `sessions.create`, for `me.*`. */
  session?: string;
  /** The operator token, for `shops.create`. */
  operatorToken?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
  retry?: TwotierRetryOptions;
  /** Per-attempt timeout in ms (default 10 000). */
  timeout?: number;
}

/** The typed client of the twotier HTTP API v1. */
export interface TwotierClient extends ShopApis, BrowserApis {
  orders: OrdersApi;
  distributors: DistributorsApi;
  withdrawals: WithdrawalsApi;
  me: MeApi;
  /** The same client acting for a distributor session. */
  withSession(session: string): TwotierClient;
}

/**
 * Creates a typed client. Every method resolves with the response body or rejects with a
 * `TwotierApiError`. Reads, `program.put`, orders, refunds and tracking are retried with
 * backoff (safe: the server deduplicates by the shop's ids and event ids); other writes never are.
 *
 * @example
 * const twotier = createTwotierClient({ baseUrl: 'https://t.shop.example', secretKey: process.env.TWOTIER_SECRET_KEY });
 * const { commissions } = await twotier.orders.create({ id: order.id, currency: 'CNY', items, visitorId });
 */
export function createTwotierClient(options: TwotierClientOptions): TwotierClient {
  if (!options || typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError('createTwotierClient: baseUrl must be an absolute http(s) URL');
  }
  if (options.secretKey !== undefined && !options.secretKey.startsWith('sk_')) {
    throw new TypeError('createTwotierClient: secretKey must start with "sk_"');
  }
  if (options.publishableKey !== undefined && !options.publishableKey.startsWith('pk_')) {
    throw new TypeError('createTwotierClient: publishableKey must start with "pk_"');
  }
  const http: HttpOptions = { ...options };
  const call = createCall(http);
  return {
    orders: createOrdersApi(call),
    distributors: createDistributorsApi(call),
    withdrawals: createWithdrawalsApi(call),
    ...createShopApis(call),
    ...createBrowserApis(call, options.publishableKey),
    me: createMeApi(call),
    withSession: (session) => createTwotierClient({ ...options, session }),
  };
}
