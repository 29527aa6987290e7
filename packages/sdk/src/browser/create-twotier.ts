import {
  createCookieEngine,
  createLocalStorageEngine,
  createMemoryEngine,
  createReferralStore,
  createVisitorId,
  readReferralCode,
  type ReferralState,
  type StorageEngine,
} from '@twotier/core';
import { createTwotierClient, type TwotierClient } from '../client';

/** Options of {@link createTwotier}. */
export interface TwotierOptions {
  /** The publishable key, `pk_…`. */
  key: string;
  /** The tracking server, e.g. `https://twotier.shop.example`. */
  endpoint: string;
  /** The page's document (default: the global one, when there is one). Without it values live in memory. */
  document?: Document;
  /** Mirror storage (default: `localStorage` when readable). `null` for none. */
  storage?: Storage | null;
  /** Query parameters read for a referral code (default `ref`, `via`). */
  params?: string[];
  /** Keep nothing and send nothing until `consent(true)`. */
  consentRequired?: boolean;
  maxAgeDays?: number;
  fetch?: typeof globalThis.fetch;
}

/** The script tag's capabilities for bundlers and SSR shops. */
export interface Twotier {
  /** The kept referral code and visitor id, for the shop's checkout. */
  referral(): ReferralState;
  /** Reads `?ref=` from `url` (default: the page's), keeps it and records the touch. `null` when there is none. */
  capture(url?: string): Promise<ReferralState | null>;
  /** Reports an unverified browser conversion for the kept visitor (no-op without one). */
  conversion(order: { orderId: string; amount: number; currency: string }): Promise<void>;
  /** Grants or withdraws consent; withdrawing forgets the referral. */
  consent(granted: boolean): void;
  /** The typed client with the publishable key. */
  client: TwotierClient;
}

const localStorageOf = (doc: Document | undefined): Storage | null => {
  try {
    return doc?.defaultView?.localStorage ?? null;
  } catch {
    return null;
  }
};

/**
 * The tag's capture-and-report in a module: safe to import on the server (it
 * touches nothing until called), uses core's first-party store (the same
 * cookies the tag writes) and the typed client.
 *
 * @example
 * const twotier = createTwotier({ key: 'pk_…', endpoint: 'https://t.shop.example' });
 * await twotier.capture();
 * checkout({ visitorId: twotier.referral().visitorId });
 */
export function createTwotier(options: TwotierOptions): Twotier {
  const doc = options.document ?? (typeof document === 'undefined' ? undefined : document);
  const storage = options.storage === undefined ? localStorageOf(doc) : options.storage;
  const engines: StorageEngine[] = doc ? [createCookieEngine({ document: doc })] : [createMemoryEngine()];
  if (storage) engines.push(createLocalStorageEngine(storage));
  const store = createReferralStore({ engines, consentRequired: options.consentRequired, maxAgeDays: options.maxAgeDays });
  const client = createTwotierClient({ baseUrl: options.endpoint, publishableKey: options.key, fetch: options.fetch });
  const here = () => doc?.location?.href ?? '';
  let pending: string | null = null;

  const send = async (url: string, code: string) => {
    const { visitorId } = store.capture(code);
    const referrer = doc?.referrer || undefined;
    await client.track.click({ code, visitorId, eventId: createVisitorId(), url, ...(referrer ? { referrer } : {}) });
  };
  return {
    referral: () => store.get(),
    async capture(url = here()) {
      const code = readReferralCode(url, options.params);
      if (!code) return null;
      if (!store.hasConsent()) {
        pending = url;
        return null;
      }
      await send(url, code);
      return store.get();
    },
    async conversion({ orderId, amount, currency }) {
      const r = store.get();
      if (!store.hasConsent() || !r.visitorId) return;
      await client.track.conversion({ eventId: createVisitorId(), visitorId: r.visitorId, orderId, amount, currency, ...(r.code ? { code: r.code } : {}) });
    },
    consent(granted) {
      store.setConsent(granted);
      const url = pending;
      pending = null;
      const code = url && granted ? readReferralCode(url, options.params) : null;
      if (url && code) void send(url, code).catch(() => {});
    },
    client,
  };
}
