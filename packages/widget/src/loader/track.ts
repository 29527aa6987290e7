import { createVisitorId, keepReferral } from '@twotier/core';
import type { Tracker } from './types';

/** sessionStorage key of the last landing URL a touch was sent for. */
const SEEN_KEY = 'tt_seen';

/**
 * The tracking chunk (`track-<hash>.js`), imported by the tag on pages with a
 * referral (in the URL or kept), once consent is given or not required. It
 * keeps the referral first-party (core's `keepReferral`: cookies mirrored in
 * localStorage, a visitor id made on first use) and, on a landing, sends the
 * touch. With the loader it is the whole landing path, held to the `landing`
 * budget; a touch that cannot be sent is handed to the runtime to keep.
 */
export const capture = (t: Tracker): void => {
  const { w } = t;
  const doc = w.document;
  const url = w.location.href;
  const r = (t.referral = keepReferral({ document: doc, storage: t.storage }, t.pending));
  if (t.pending) {
    // A reload of the same landing URL in the same tab is not a new touch.
    let fresh = true;
    try {
      fresh = w.sessionStorage.getItem(SEEN_KEY) != url;
      w.sessionStorage.setItem(SEEN_KEY, url);
    } catch {}
    const e = { t: 'click', b: { key: t.script.dataset.key, code: r.code, visitorId: r.visitorId, eventId: createVisitorId(), url, referrer: doc.referrer || undefined } };
    // A string body is sent as text/plain: a simple request, no CORS preflight.
    if (fresh) {
      w.fetch(t.api + '/v1/track/click', { method: 'POST', body: JSON.stringify(e.b), keepalive: true })
        .then((res) => {
          t.log('click', res.status);
          // Kept for later on a network error, 5xx, 408 or 429; any other answer is final.
          if (res.status > 499 || res.status == 408 || res.status == 429) throw 0;
          // A code that names no distributor (a typo on a poster): warned even without data-debug.
          res.json().then((j) => j.unknownCode && console.warn('[twotier] unknown referral code', r.code), t.log);
        })
        .catch(() => t.runtime().then((m) => m.keep(e)));
    }
  }
  t.pending = null;
};
