import type { ReferralState, ReferralStore } from '@twotier/core';
import type { Outbox } from './outbox';

/** `window.twotier`: `twotier('conversion' | 'identify' | 'consent' | 'ready', …)`. */
export interface TwotierCommand {
  (name: string, ...args: any[]): void;
  /** The kept referral, for the shop's own checkout. */
  referral?: ReferralState;
}

/** What the loader hands the panel chunk. */
export interface PanelContext {
  /** The tracking server's origin (and path), without a trailing slash. */
  api: string;
  /** The publishable key. */
  key: string | undefined;
  log: (...args: unknown[]) => void;
  store: ReferralStore;
  /** `en`, `zh-CN`, … from `data-locale`; the browser's language when absent. */
  locale: string | undefined;
  /** `data-panel`: `launcher`, `none`, or absent (launcher when there is something to show). */
  placement: string | undefined;
  /** The identity token from `twotier('identify', token)`, if any. */
  token: () => string | undefined;
  outbox: Outbox;
  /** The tag's CSP nonce, for a `<style>` fallback where constructed stylesheets are missing. */
  nonce: string | undefined;
}

/** The panel's handle, for identity tokens that arrive after it loaded. */
export interface PanelController {
  identify(token: string): void;
}

/** The shape of the lazily loaded panel chunk. */
export interface PanelModule {
  mount(w: Window, ctx: PanelContext): PanelController;
}

/** What the gate hands the runtime. */
export interface BootOptions {
  /** The `<script>` element of the tag (for `data-*` and its own URL). */
  script: HTMLScriptElement;
  /** Commands queued before the runtime ran (the stub's, then the gate's). */
  q: unknown[][];
  load: ChunkLoader;
}

/** The lazily imported chunks, by name. */
export interface ChunkModules {
  track: { boot(w: Window, options: BootOptions): TwotierCommand };
  panel: PanelModule;
}

/** Imports a chunk that sits next to the loader's own file. */
export type ChunkLoader = <K extends keyof ChunkModules>(name: K) => Promise<ChunkModules[K]>;
