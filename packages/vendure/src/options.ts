import type { AddressLike } from './region';

/** Settings of {@link TwotierPlugin.init}. */
export interface TwotierPluginOptions {
  /** The twotier tracking server, e.g. `https://twotier.shop.example`. */
  baseUrl: string;
  /** The shop's secret key (`sk_…`), from the twotier dashboard. Keep it in the environment. */
  secretKey: string;
  /** Prefix of twotier's order ids (default `vendure:`): order `AB12` is `vendure:AB12`. */
  orderIdPrefix?: string;
  /** How often the outbox looks for events due, ms (default 5 000). New events go at once. */
  pollIntervalMs?: number;
  /** Backoff while twotier is unreachable: `baseDelayMs · 2^(attempt−1)`, at most `maxDelayMs` (defaults 2 000 and 300 000). Never gives up. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** Per-request timeout, ms (default 10 000). */
  timeoutMs?: number;
  /** Add a private note to the order's history in the Admin UI when twotier records it or refuses it (default true). */
  orderNotes?: boolean;
  /** Which Vendure process sends the outbox (default `server`; `both` is safe, twotier deduplicates, but notes may repeat). */
  deliverFrom?: 'server' | 'worker' | 'both';
  /** Region of an address when the built-in ISO 3166-2 reading (country code + province) does not fit the shop. */
  region?: (address: AddressLike) => string | undefined;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

/** The options with their defaults. */
export type ResolvedTwotierOptions = Required<Omit<TwotierPluginOptions, 'region' | 'fetch' | 'retry'>> &
  Pick<TwotierPluginOptions, 'region' | 'fetch'> & { retry: { baseDelayMs: number; maxDelayMs: number } };

/** Nest injection token of the resolved options. */
export const TWOTIER_OPTIONS = Symbol('TWOTIER_PLUGIN_OPTIONS');

/** Checks the options once, at configuration time, and fills in the defaults. */
export function resolveOptions(options: TwotierPluginOptions): ResolvedTwotierOptions {
  if (!options || typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError('TwotierPlugin.init: baseUrl must be the absolute http(s) URL of the twotier server');
  }
  if (typeof options.secretKey !== 'string' || !options.secretKey.startsWith('sk_')) {
    throw new TypeError('TwotierPlugin.init: secretKey must be the shop’s secret key (sk_…)');
  }
  return {
    baseUrl: options.baseUrl,
    secretKey: options.secretKey,
    orderIdPrefix: options.orderIdPrefix ?? 'vendure:',
    pollIntervalMs: options.pollIntervalMs ?? 5_000,
    retry: { baseDelayMs: options.retry?.baseDelayMs ?? 2_000, maxDelayMs: options.retry?.maxDelayMs ?? 300_000 },
    timeoutMs: options.timeoutMs ?? 10_000,
    orderNotes: options.orderNotes ?? true,
    deliverFrom: options.deliverFrom ?? 'server',
    region: options.region,
    fetch: options.fetch,
  };
}

/** Delay before attempt `attempts + 1`, ms. */
export const backoff = (retry: ResolvedTwotierOptions['retry'], attempts: number): number =>
  Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
