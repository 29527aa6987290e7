// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { readReferralCode, stripReferralParams } from '../attribution/read-referral';
import { createCookieEngine } from './cookie-engine';
import { createLocalStorageEngine } from './local-storage-engine';
import { createReferralStore } from './referral-store';

declare const happyDOM: { setURL(url: string): void };

const engines = () => [createCookieEngine({ document }), createLocalStorageEngine(localStorage)];
const expireAll = () => {
  for (const c of document.cookie.split('; ')) if (c) document.cookie = `${c.split('=')[0]}=;max-age=-1;path=/`;
  localStorage.clear();
};

describe('referral store in a browser-like page (happy-dom)', () => {
  beforeEach(() => {
    happyDOM.setURL('https://shop.example/p/1?ref=alice&utm=x');
    expireAll();
  });

  it('captures the landing code into a real cookie and localStorage', () => {
    const store = createReferralStore({ engines: engines() });
    const code = readReferralCode(location.href);
    const state = store.capture(code!);
    expect(state.code).toBe('alice');
    expect(state.visitorId).toMatch(/^[\w-]{21}$/);
    expect(document.cookie).toContain('tt_ref=alice');
    expect(document.cookie).toContain(`tt_vid=${state.visitorId}`);
    expect(localStorage.getItem('tt_ref')).toMatch(/^\d+\|alice$/);
    history.replaceState(null, '', stripReferralParams(location.href));
    expect(location.href).toBe('https://shop.example/p/1?utm=x');
  });

  it('a new page load reads back what the last one kept', () => {
    const id = createReferralStore({ engines: engines() }).capture('alice').visitorId;
    expect(createReferralStore({ engines: engines() }).get()).toEqual({ code: 'alice', visitorId: id });
  });

  it('cookies cleared: read back from localStorage and the cookie written again', () => {
    createReferralStore({ engines: engines() }).capture('alice');
    for (const k of ['tt_ref', 'tt_vid']) document.cookie = `${k}=;max-age=-1;path=/`;
    expect(document.cookie).not.toContain('tt_ref');
    expect(createReferralStore({ engines: engines() }).get().code).toBe('alice');
    expect(document.cookie).toContain('tt_ref=alice');
  });

  it('localStorage cleared: read back from the cookie and localStorage repaired', () => {
    createReferralStore({ engines: engines() }).capture('alice');
    localStorage.clear();
    expect(createReferralStore({ engines: engines() }).get().code).toBe('alice');
    expect(localStorage.getItem('tt_ref')).toMatch(/\|alice$/);
  });

  it('remove deletes the real cookie', () => {
    const engine = createCookieEngine({ document });
    engine.set('k', 'v w', 60);
    expect(engine.get('k')).toBe('v w');
    engine.remove('k');
    expect(engine.get('k')).toBeNull();
  });

  it('with consent required, nothing reaches the page until consent', () => {
    const store = createReferralStore({ engines: engines(), consentRequired: true });
    store.capture('alice');
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
    store.setConsent(true);
    expect(document.cookie).toContain('tt_ref=alice');
    expect(document.cookie).toContain('tt_consent=1');
    store.setConsent(false);
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
  });
});
