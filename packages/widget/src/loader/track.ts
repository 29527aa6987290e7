import { createVisitorId } from '@twotier/core';
import type { Tracker } from './types';

/** sessionStorage key of the last landing URL a touch was sent for. */
const SEEN_KEY = 'tt_seen';

/**
 * The tracking chunk (`track-<hash>.js`), imported by the tag once consent is
 * given (or not required) on a landing (a code in the URL), or where a kept
 * value is missing from one of its places. The loader has read the kept
 * referral (core's `keptValue`); this keeps it first-party (core's
 * `keepValue`: cookies mirrored in localStorage, a visitor id made on a
 * landing when there is none) and, on a landing, sends the touch. With the
 * loader it is the whole landing path, held to the `landing` budget; a touch
 * that cannot be sent is handed to the runtime to keep.
 */
export const capture = (t: Tracker): void => {
  const { w, referral: r } = t;
  const doc = w.document;
  const url = w.location.href;
  r.visitorId ||= createVisitorId();
  t.keep();
  t.pending = null;
  // A reload of the same landing URL in the same tab is not a new touch.
  try {
    if (w.sessionStorage.getItem(SEEN_KEY) == url) return;
    w.sessionStorage.setItem(SEEN_KEY, url);
  } catch {}
  const b = { key: t.script.dataset.key, code: r.code, visitorId: r.visitorId!, eventId: createVisitorId(), url, referrer: doc.referrer || undefined };
  // A string body is sent as text/plain: a simple request, no CORS preflight.
  // Settled once the server answered (or the touch was handed on to be kept): the panel asks for the
  // welcome coupon after it, as the server gives one only to a visitor whose touch it has.
  t.touch = w
    .fetch(t.api + '/v1/track/click', { method: 'POST', body: JSON.stringify(b), keepalive: true })
    .then((res) => {
      t.log('click', res.status);
      // Kept for later on a network error, 5xx, 408 or 429; any other answer is final.
      if (res.status > 499 || res.status == 408 || res.status == 429) throw 0;
      // A code that names no distributor (a typo on a poster): warned even without data-debug.
      res.json().then((j) => j.unknownCode && console.warn('[twotier] unknown referral code', r.code), t.log);
    })
    .catch(() => t.runtime().then((m) => m.keep({ t: 'click', b })));
};
