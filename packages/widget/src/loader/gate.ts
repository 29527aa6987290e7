import { DEFAULT_REFERRAL_PARAMS, readReferralCode, VISITOR_KEY } from '@twotier/core';
import type { ChunkLoader, TwotierCommand } from './types';

/** The outbox's storage key (also read here, to resend a touch queued offline). */
export const OUTBOX_KEY = 'tt_q';
const CONSENT_KEY = 'tt_consent';

/**
 * The always-loaded part of the tag. It decides, from the URL and the kept
 * keys alone, whether this page needs the tracking runtime, and loads it only
 * then: a page with no referral (in the URL or kept), no queued event and no
 * panel makes no request. Until the runtime runs, `twotier(…)` calls queue up.
 * Nothing is read or written beyond key presence; nothing throws.
 */
export const gate = (w: Window, script: HTMLScriptElement, load: ChunkLoader): TwotierCommand => {
  const doc = w.document;
  const data = script.dataset;
  const stub = (w as { twotier?: TwotierCommand & { q?: ArrayLike<unknown>[] } }).twotier;
  // A second copy of the tag leaves the first in charge.
  if (stub && stub.referral) return stub;
  const q: unknown[][] = Array.from((stub && stub.q) || [], (a) => Array.from(a));
  const has = (k: string): boolean => {
    try {
      return doc.cookie.includes(k + '=') || w.localStorage.getItem(k) != null;
    } catch {
      return false;
    }
  };
  const ref = readReferralCode(w.location.href, data.params ? data.params.split(',') : DEFAULT_REFERRAL_PARAMS);
  const panel = () => data.panel != 'none' && (data.panel == 'launcher' || doc.querySelector('[data-twotier-panel]'));
  let consent = data.consent != 'required' || has(CONSENT_KEY);
  let started: Promise<unknown> | undefined;

  const start = () => {
    started ||= load('track').then((m) => m.boot(w, { script, q, load }), (e) => data.debug != null && console.error('[twotier]', e));
  };
  const want = () => consent && (ref || has(VISITOR_KEY) || has(OUTBOX_KEY) || panel());

  const tt: TwotierCommand = (...a) => {
    q.push(a);
    if (a[0] == 'consent') consent = !!a[1];
    if (want() || (consent && a[0] == 'identify')) start();
    else if (a[0] == 'ready' && !started) {
      q.pop();
      try {
        (a[1] as (t: TwotierCommand) => void)(tt);
      } catch {}
    }
  };
  tt.referral = { code: null, visitorId: null };
  (w as { twotier?: TwotierCommand }).twotier = tt;
  if (want()) start();
  else {
    q.splice(0).forEach((a) => tt(...(a as [string])));
    // An inline panel container may come later in the page than the tag.
    if (doc.readyState == 'loading') doc.addEventListener('DOMContentLoaded', () => want() && start());
  }
  return tt;
};
