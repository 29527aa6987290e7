import type { ReferralState } from '@twotier/core';
import type { OutboxEvent } from './outbox';

/** `window.twotier`: `twotier('conversion' | 'identify' | 'consent' | 'product' | 'products' | 'ready', …)`. */
export interface TwotierCommand {
  (name: string, ...args: any[]): void;
  /** The kept referral, for the shop's own checkout. */
  referral?: ReferralState;
}

/**
 * The tracking runtime's state and its few operations, shared by the landing
 * chunk (`track`), the rest of the runtime (`runtime`, loaded when a page needs
 * more than a landing does) and the panel.
 */
export interface Tracker extends ShopData {
  w: Window;
  /** The `<script>` element of the tag (its `data-*`, `nonce` and own URL). */
  script: HTMLScriptElement;
  /** The tracking server's origin (and path), without a trailing slash. */
  api: string;
  /** `console.log` prefixed `[twotier]`, only with `data-debug`. */
  log: (...args: unknown[]) => void;
  /** `localStorage`, or `null` where reading it throws. */
  storage: Storage | null;
  /** The shop requires none, or it was given. */
  consent: boolean;
  /** The kept referral code and visitor id. */
  referral: ReferralState;
  /** The URL's code until it is captured (after consent); `null` after. */
  pending: string | null;
  /** The query parameters read for a referral code. */
  params: readonly string[];
  /** `twotier(…)` calls that wait for consent. */
  queued: unknown[][];
  /** The identity token from `twotier('identify', token)`, if any. */
  token?: string;
  /** Reads the kept referral (on a landing: captures the new code and sends the touch), then does what the page needs. */
  start(): void;
  /** On a landing, the touch sent: settled once the server answered it (or it was kept to send later). */
  touch?: Promise<unknown>;
  /** Keeps `referral` (a code and a visitor id) first-party: cookies mirrored in localStorage, 30 days. */
  keep(): void;
  /** Mounts the panel where one is wanted (once). */
  openPanel(): Promise<PanelController | void> | undefined;
  /** The rest of the runtime, imported on first use (after the referral is read). */
  runtime(): Promise<Runtime>;
}

/** What the tracking runtime hands the panel chunk. */
export type PanelContext = Tracker;

/**
 * A product as a shop describes it to `twotier('product', {...})` or in
 * `twotier('products', [...])`. `amount` is in minor units (`3990` is ¥39.90),
 * as everywhere in twotier's JavaScript API.
 */
export interface ShopProduct {
  name: string;
  /** The product page (absolute, or relative to the page). */
  url?: string;
  image?: string;
  /** Integer minor units of `currency`. */
  amount?: number;
  currency?: string;
  sku?: string;
}

/** What the shop told the tag for the panel. */
export interface ShopData {
  /** The product this page is about. */
  product?: ShopProduct;
  /** The shop's products, or the URL of a JSON array of them. */
  products?: ShopProduct[] | string;
}

/** The panel's handle, for identity tokens that arrive after it loaded. */
export interface PanelController {
  identify(token: string): void;
}

/** The shape of the lazily loaded panel chunk. */
export interface PanelModule {
  mount(w: Window, ctx: PanelContext): PanelController;
}

/** The rest of the tracking runtime (lazy chunk `runtime-<hash>.js`): what a landing does not need. */
export interface Runtime {
  /** After each start: decorates checkout targets, strips the referral parameter, resends kept events. */
  page(): void;
  consent(granted: boolean): void;
  /** Keeps the distributor's identity token and opens the panel for it. */
  identify(token: string): void;
  conversion(order: { orderId: string; amount: number; currency: string }): void;
  /** Keeps an event that could not be sent, to send it again later. */
  keep(event: OutboxEvent): void;
}

/** The lazily imported chunks, by name. */
export interface ChunkModules {
  track: { capture(t: Tracker): void };
  runtime: { extend(t: Tracker): Runtime };
  panel: PanelModule;
  shopify: { syncCart(w: Window, referral: ReferralState, log: (...a: unknown[]) => void): Promise<void> };
}

/** Imports a chunk that sits next to the loader's own file. */
export type ChunkLoader = <K extends keyof ChunkModules>(name: K) => Promise<ChunkModules[K]>;
