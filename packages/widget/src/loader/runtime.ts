import {
  CONSENT_KEY,
  REFERRAL_KEY,
  VISITOR_KEY,
  createCookieEngine,
  createLocalStorageEngine,
  createVisitorId,
  readReferralCode,
  stripReferralParams,
  type StorageEngine,
} from '@twotier/core';
import { decorate } from './decorate';
import { createOutbox } from './outbox';
import type { Runtime, Tracker } from './types';

/**
 * The rest of the tracking runtime (lazy chunk `runtime-<hash>.js`), imported
 * by the tag only when a page needs it: consent given or withdrawn, an
 * identity token, a conversion, checkout links and forms to decorate,
 * `data-strip`, or events kept from an earlier failure. Keeps events in the outbox and sends them
 * again on `online` and when the page is hidden.
 */
export const extend = (t: Tracker): Runtime => {
  const { w, script, storage } = t;
  const doc = w.document;
  const data = script.dataset;
  const engines: StorageEngine[] = [createCookieEngine({ document: doc })];
  if (storage) engines.push(createLocalStorageEngine(storage));
  // Storage may be disabled, full or forbidden: each call is guarded.
  const each = (f: (e: StorageEngine) => void) =>
    engines.forEach((e) => {
      try {
        f(e);
      } catch {}
    });
  const outbox = createOutbox({ fetch: (u, i) => w.fetch(u, i), storage, api: t.api, log: t.log });
  w.addEventListener('online', outbox.flush);
  doc.addEventListener('visibilitychange', () => doc.visibilityState == 'hidden' && outbox.flush());
  return {
    page() {
      const r = t.referral;
      if (r.visitorId) decorate(doc, r.visitorId, r.code);
      if (data.strip != null && readReferralCode(w.location.href, t.params)) w.history.replaceState(w.history.state, '', stripReferralParams(w.location.href, t.params));
      outbox.flush();
    },
    consent(granted) {
      if ((t.consent = !!granted)) {
        each((e) => e.set(CONSENT_KEY, '1', 31536e3)); // a year
        t.start();
        t.queued.splice(0).forEach((a) => (w as { twotier?: (...a: unknown[]) => void }).twotier!(...a));
      } else {
        each((e) => [REFERRAL_KEY, VISITOR_KEY, CONSENT_KEY].forEach((k) => e.remove(k)));
        t.pending = null;
        (w as { twotier?: { referral?: unknown } }).twotier!.referral = t.referral = { code: null, visitorId: null };
      }
    },
    identify(token) {
      t.token = token;
      t.openPanel()?.then((c) => c && c.identify(token));
    },
    // Only the fields the endpoint takes: the server refuses unknown ones.
    conversion({ orderId, amount, currency }) {
      const r = t.referral;
      if (t.consent && r.visitorId) {
        outbox.push({ t: 'conversion', b: { key: data.key, eventId: createVisitorId(), visitorId: r.visitorId, orderId, amount, currency, code: r.code || undefined, url: w.location.href } });
      }
    },
    keep: outbox.keep,
  };
};
