import { CONSENT_KEY, DEFAULT_REFERRAL_PARAMS, VISITOR_KEY, readReferralCode } from '@twotier/core';
import type { ChunkLoader, Runtime, Tracker, TwotierCommand } from './types';

/** The outbox's storage key: events kept after a failure, sent again by the runtime. */
export const OUTBOX_KEY = 'tt_q';
/** What the runtime's `decorate` passes the visitor to. */
const CHECKOUT = 'form[data-twotier],a[href^="https://buy.stripe.com/"],stripe-buy-button,stripe-pricing-table';

/**
 * The script tag's always-loaded part. It reads the referral code in the URL,
 * queues `twotier(…)` calls and hands each lazy chunk what it needs, loading
 * it only where it is needed: `track` where there is a referral (in the URL or
 * kept) to keep and a touch to send, `panel` where one is wanted, `runtime`
 * for consent changes, identity, conversions, checkout decoration,
 * `data-strip` and events kept after a failure, `shopify` on Shopify
 * storefronts. A page with none of these makes no request and writes nothing;
 * with `data-consent="required"` nothing is read or written until consent.
 * Nothing throws into the page.
 */
export const tag = (w: Window, script: HTMLScriptElement, load: ChunkLoader): TwotierCommand => {
  const doc = w.document;
  const data = script.dataset;
  const stub = (w as { twotier?: TwotierCommand & { q?: ArrayLike<unknown>[] } }).twotier;
  // A second copy of the tag leaves the first in charge.
  if (stub && stub.referral) return stub;
  let storage: Storage | null = null;
  try {
    storage = w.localStorage;
  } catch {}
  const has = (k: string): boolean => {
    try {
      return doc.cookie.includes(k + '=') || storage!.getItem(k) != null;
    } catch {
      return false;
    }
  };
  const params = data.params ? data.params.split(',').map((p) => p.trim()) : DEFAULT_REFERRAL_PARAMS;
  const ref = readReferralCode(w.location.href, params);
  let captured: Promise<unknown> | undefined;
  let runtime: Promise<Runtime> | undefined;
  let panel: ReturnType<Tracker['openPanel']>;
  // Decorating and the panel wait for the DOM; capture and sending do not.
  const domReady = new Promise<void>((r) => (doc.readyState == 'loading' ? doc.addEventListener('DOMContentLoaded', () => r()) : r()));

  const t: Tracker = {
    w,
    script,
    api: (data.api || new URL(script.src).origin).replace(/\/$/, ''),
    log: (...a) => void (data.debug != null && console.log('[twotier]', ...a)),
    storage,
    consent: data.consent != 'required' || has(CONSENT_KEY),
    referral: { code: null, visitorId: null },
    pending: ref,
    params,
    queued: Array.from((stub && stub.q) || [], (a) => Array.from(a)),
    start() {
      if (!t.consent) return;
      captured = (t.pending || has(VISITOR_KEY) ? load('track').then((m) => m.capture(t)) : Promise.resolve()).then(() => {
        const r = (tt.referral = t.referral);
        // Shopify: the referral rides in the cart's attributes to the order.
        if ((w as { Shopify?: { shop?: string } }).Shopify?.shop && r.visitorId) load('shopify').then((m) => m.syncCart(w, r, t.log));
        domReady.then(() => {
          if (has(OUTBOX_KEY) || (ref && data.strip != null) || (r.visitorId && doc.querySelector(CHECKOUT))) t.runtime().then((m) => m.page());
          t.openPanel();
        });
      }, t.log);
    },
    runtime: () => (runtime ||= Promise.all([load('runtime'), captured]).then(([m]) => m.extend(t))),
    openPanel: () =>
      t.consent && data.panel != 'none' && (t.token || data.panel || t.referral.code || doc.querySelector('[data-twotier-panel]'))
        ? (panel ||= domReady.then(() => load('panel')).then((m) => m.mount(w, t), t.log))
        : undefined,
  };

  const tt: TwotierCommand = (name, arg) => {
    // Queued `ready` callbacks run once the referral is read, so they see it.
    if (name == 'ready') Promise.resolve(captured).then(() => arg(tt)).catch(t.log);
    // What the shop tells the panel (this page's product, its product list), kept for when it loads.
    else if (name == 'product' || name == 'products') t[name] = arg;
    else if (t.consent || name == 'consent') t.runtime().then((m) => m[name as 'consent'](arg)).catch((e) => t.log(name, e));
    else t.queued.push([name, arg]);
  };
  tt.referral = t.referral;
  (w as { twotier?: TwotierCommand }).twotier = tt;
  t.start();
  t.queued.splice(0).forEach((a) => tt(...(a as [string])));
  return tt;
};
