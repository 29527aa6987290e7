import {
  createCookieEngine,
  createLocalStorageEngine,
  createReferralStore,
  createVisitorId,
  readReferralCode,
  stripReferralParams,
  type StorageEngine,
} from '@twotier/core';
import { decorate } from './decorate';
import { createOutbox } from './outbox';
import type { BootOptions, PanelContext, PanelController, TwotierCommand } from './types';

/** sessionStorage key of the last landing URL a touch was sent for. */
const SEEN_KEY = 'tt_seen';

/**
 * The tracking runtime (lazy chunk `track-<hash>.js`, loaded by the gate).
 * Starts on `w`: captures `?ref=`, stores it first-party, sends the touch, decorates checkout links and forms, replays the stub queue, and loads
 * the panel only where one is wanted. Returns the `twotier` command function.
 */
export const boot = (w: Window, { script, q, load }: BootOptions): TwotierCommand => {
  const doc = w.document;
  const data = script.dataset;
  const log = (...a: unknown[]) => {
    if (data.debug != null) console.log('[twotier]', ...a);
  };
  const key = data.key;
  const api = (data.api || new URL(script.src).origin).replace(/\/$/, '');
  const params = data.params ? data.params.split(',').map((p) => p.trim()) : undefined;
  const placement = data.panel;
  let ls: Storage | null = null;
  try {
    ls = w.localStorage;
  } catch {}
  const engines: StorageEngine[] = [createCookieEngine({ document: doc })];
  if (ls) engines.push(createLocalStorageEngine(ls));
  const store = createReferralStore({ engines, consentRequired: data.consent == 'required' });
  const outbox = createOutbox({ fetch: (u, i) => w.fetch(u, i), storage: ls, api, log });
  const href = w.location.href;
  let pending = readReferralCode(href, params);
  let token: string | undefined;
  let panel: Promise<PanelController | void> | undefined;

  const ctx: PanelContext = { api, key, log, store, locale: data.locale, placement, token: () => token, outbox, nonce: script.nonce };
  // Capture and sending need no DOM; decorating and the panel wait for it.
  const domReady = new Promise<void>((r) => (doc.readyState == 'loading' ? doc.addEventListener('DOMContentLoaded', () => r()) : r()));
  const openPanel = () =>
    store.hasConsent() && placement != 'none' && (token || placement || store.get().code || doc.querySelector('[data-twotier-panel]'))
      ? (panel ||= domReady.then(() => load('panel')).then((m) => m.mount(w, ctx), log))
      : undefined;

  const start = () => {
    if (!store.hasConsent()) return;
    if (pending) {
      const r = store.capture(pending);
      pending = null;
      // A reload of the same landing URL in the same tab is not a new touch.
      let fresh = true;
      try {
        fresh = w.sessionStorage.getItem(SEEN_KEY) != href;
        w.sessionStorage.setItem(SEEN_KEY, href);
      } catch {}
      if (fresh) outbox.push({ t: 'click', b: { key, code: r.code, visitorId: r.visitorId, eventId: createVisitorId(), url: href, referrer: doc.referrer || undefined } });
      if (data.strip != null) w.history.replaceState(w.history.state, '', stripReferralParams(href, params));
    } else outbox.flush();
    tt.referral = store.get();
    // Shopify: the referral rides in the cart's attributes to the order (a chunk of its own, imported only there).
    if ((w as { Shopify?: { shop?: string } }).Shopify?.shop && tt.referral.visitorId) import('./shopify').then((m) => m.syncCart(w, store.get(), log), log);
    domReady.then(() => {
      const r = store.get();
      if (r.visitorId) decorate(doc, r.visitorId, r.code);
      openPanel();
    });
  };

  const commands: Record<string, (...a: any[]) => unknown> = {
    consent(granted: boolean) {
      store.setConsent(!!granted);
      if (granted) start();
      else (pending = null), (tt.referral = store.get());
    },
    identify(t: string) {
      token = t;
      openPanel()?.then((c) => c && c.identify(t));
    },
    // Only the fields the endpoint takes: the server refuses unknown ones.
    conversion({ orderId, amount, currency }: { orderId: string; amount: number; currency: string }) {
      const r = store.get();
      if (store.hasConsent() && r.visitorId) {
        outbox.push({ t: 'conversion', b: { key, eventId: createVisitorId(), visitorId: r.visitorId, orderId, amount, currency, code: r.code || undefined, url: href } });
      }
    },
    ready: (fn: (t: TwotierCommand) => void) => fn(tt),
  };
  const tt: TwotierCommand = (name, ...args) => {
    try {
      commands[name]!(...args);
    } catch (e) {
      log(name, e);
    }
  };
  tt.referral = store.get();
  (w as { twotier?: TwotierCommand }).twotier = tt;
  w.addEventListener('online', outbox.flush);
  doc.addEventListener('visibilitychange', () => doc.visibilityState == 'hidden' && outbox.flush());
  // Captured first, so queued `ready` callbacks see the referral.
  start();
  q.splice(0).forEach((a) => tt(...(a as [string])));
  return tt;
};
