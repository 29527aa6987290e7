import { CONSENT_KEY, DEFAULT_REFERRAL_PARAMS, REFERRAL_KEY, VISITOR_KEY, keepValue, keptValue, readReferralCode } from '@twotier/core';
import type { ChunkLoader, Runtime, Tracker, TwotierCommand } from './types';

/** The outbox's storage key: events kept after a failure, sent again by the runtime. */
export const OUTBOX_KEY = 'tt_q';
/** What the runtime's `decorate` passes the visitor to. */
const CHECKOUT = 'form[data-twotier],a[href^="https://buy.stripe.com/"],stripe-buy-button,stripe-pricing-table';

/**
 * The script tag's always-loaded part. It reads the referral code in the URL
 * and the kept referral (core's `keptValue`, writing back a value one place
 * lost), queues `twotier(…)` calls and hands each lazy chunk what it needs,
 * loading it only where it is needed: `track` on a landing (a new code to keep
 * and a touch to send), `panel` where one is wanted, `runtime`
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
  if (stub?.referral) return stub;
  let storage: Storage | null = null;
  try {
    storage = w.localStorage;
  } catch {}
  const places = { document: doc, storage };
  // A kept value (the consent, the referral code, the visitor id), written back where one place lost it.
  const kept = (k: string, days?: number) => keptValue(places, k, days);
  const params = data.params ? data.params.split(',').map((p) => p.trim()) : DEFAULT_REFERRAL_PARAMS;
  const ref = readReferralCode(w.location.href, params);
  let captured: Promise<unknown> | undefined;
  let runtime: Promise<Runtime> | undefined;
  let panel: ReturnType<Tracker['openPanel']>;
  // Decorating and the panel wait for the DOM; capture and sending do not.
  const domReady = new Promise<unknown>((r) => (doc.readyState == 'loading' ? doc.addEventListener('DOMContentLoaded', r) : r(0)));

  const t: Tracker = {
    w,
    script,
    api: (data.api || new URL(script.src).origin).replace(/\/$/, ''),
    log: (...a) => void (data.debug != null && console.log('[twotier]', ...a)),
    storage,
    consent: data.consent != 'required' || !!kept(CONSENT_KEY, 365),
    referral: { code: null, visitorId: null },
    pending: ref,
    params,
    queued: Array.from(stub?.q || [], (a) => [...(a as unknown[])]),
    start() {
      if (!t.consent) return;
      // The kept referral is read here, and a value one place lost is written back; `track` is loaded
      // on a landing only, to keep the new code and send its touch.
      tt.referral = t.referral = { code: t.pending || kept(REFERRAL_KEY), visitorId: kept(VISITOR_KEY) };
      captured = (t.pending ? load('track').then((m) => m.capture(t)) : Promise.resolve()).then(() => {
        const r = (tt.referral = t.referral);
        // Shopify: the referral rides in the cart's attributes to the order.
        if ((w as { Shopify?: { shop?: string } }).Shopify?.shop && r.visitorId) load('shopify').then((m) => m.syncCart(w, r, t.log));
        domReady.then(() => {
          t.openPanel();
          // (localStorage that could be read but whose getItem throws would only skip this)
          if (storage?.getItem(OUTBOX_KEY) || (ref && data.strip != null) || (r.visitorId && doc.querySelector(CHECKOUT))) t.runtime().then((m) => m.page());
        });
      }, t.log);
    },
    keep() {
      keepValue(places, REFERRAL_KEY, t.referral.code!);
      keepValue(places, VISITOR_KEY, t.referral.visitorId!);
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
