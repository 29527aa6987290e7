import { describe, expect, it, vi } from 'vitest';
import { createMemoryEngine } from './memory-engine';
import { CONSENT_KEY, REFERRAL_KEY, VISITOR_KEY, createReferralStore } from './referral-store';
import type { StorageEngine } from './types';

/** A memory engine recording every write, so tests can assert what was (not) written. */
const recording = (now?: () => number) => {
  const inner = createMemoryEngine(now);
  const writes: string[] = [];
  const engine: StorageEngine & { writes: string[]; inner: StorageEngine } = {
    writes,
    inner,
    get: (k) => inner.get(k),
    set: (k, v, s) => {
      writes.push(`set ${k}=${v} ${s}`);
      inner.set(k, v, s);
    },
    remove: (k) => {
      writes.push(`remove ${k}`);
      inner.remove(k);
    },
  };
  return engine;
};
const throwing = (error: unknown = new DOMException('denied', 'SecurityError')): StorageEngine => ({
  get: () => {
    throw error;
  },
  set: () => {
    throw error;
  },
  remove: () => {
    throw error;
  },
});
let counter = 0;
const random = () => `visitor-${++counter}`;

describe('createReferralStore', () => {
  it('starts empty; capture keeps the code and a visitor id in every engine', () => {
    const a = recording();
    const b = recording();
    const store = createReferralStore({ engines: [a, b], random: () => 'v-1' });
    expect(store.get()).toEqual({ code: null, visitorId: null });
    expect(store.capture(' alice ')).toEqual({ code: 'alice', visitorId: 'v-1' });
    for (const e of [a, b]) {
      expect(e.inner.get(REFERRAL_KEY)).toBe('alice');
      expect(e.inner.get(VISITOR_KEY)).toBe('v-1');
    }
    expect(a.writes).toContain(`set ${REFERRAL_KEY}=alice ${30 * 86400}`);
    expect(store.get()).toEqual({ code: 'alice', visitorId: 'v-1' });
  });

  it('a later capture replaces the code (last click) and keeps the visitor id', () => {
    const store = createReferralStore({ engines: [recording()], random });
    const first = store.capture('alice');
    expect(store.capture('bob')).toEqual({ code: 'bob', visitorId: first.visitorId });
  });

  it('ignores a malformed code and returns what is kept', () => {
    const e = recording();
    const store = createReferralStore({ engines: [e], random: () => 'v-1' });
    store.capture('alice');
    expect(store.capture('<script>')).toEqual({ code: 'alice', visitorId: 'v-1' });
    expect(store.capture('x'.repeat(65)).code).toBe('alice');
    expect(e.writes.filter((w) => w.startsWith(`set ${REFERRAL_KEY}`))).toHaveLength(1);
  });

  it('makes a visitor id once and keeps it', () => {
    const make = vi.fn(() => 'v-once');
    const e = recording();
    const store = createReferralStore({ engines: [e], random: make });
    expect(store.visitorId()).toBe('v-once');
    expect(store.visitorId()).toBe('v-once');
    expect(createReferralStore({ engines: [e], random: make }).visitorId()).toBe('v-once');
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('uses 21-character URL-safe ids by default', () => {
    const store = createReferralStore({ engines: [] });
    expect(store.visitorId()).toMatch(/^[\w-]{21}$/);
    expect(createReferralStore({ engines: [] }).visitorId()).not.toBe(store.visitorId());
  });

  it('honours maxAgeDays', () => {
    const e = recording();
    createReferralStore({ engines: [e], maxAgeDays: 7, random: () => 'v' }).capture('alice');
    expect(e.writes).toContain(`set ${REFERRAL_KEY}=alice ${7 * 86400}`);
    expect(e.writes).toContain(`set ${VISITOR_KEY}=v ${7 * 86400}`);
  });

  it('expires the in-memory copy by the clock', () => {
    let t = 0;
    const store = createReferralStore({ engines: [], now: () => t, maxAgeDays: 1, random });
    store.capture('alice');
    t = 86_400_000 - 1;
    expect(store.get().code).toBe('alice');
    t = 86_400_000;
    expect(store.get().code).toBeNull();
  });

  it('clear forgets code and visitor id everywhere but keeps consent', () => {
    const e = recording();
    const store = createReferralStore({ engines: [e], consentRequired: true, random });
    store.setConsent(true);
    store.capture('alice');
    store.clear();
    expect(store.get()).toEqual({ code: null, visitorId: null });
    expect(e.inner.get(REFERRAL_KEY)).toBeNull();
    expect(store.hasConsent()).toBe(true);
    expect(e.inner.get(CONSENT_KEY)).toBe('1');
  });

  it('ignores stored values that are not well-formed', () => {
    const e = recording();
    e.inner.set(REFERRAL_KEY, 'a b', 60);
    e.inner.set(VISITOR_KEY, '', 60);
    expect(createReferralStore({ engines: [e] }).get()).toEqual({ code: null, visitorId: null });
  });
});

describe('createReferralStore never throws into the page', () => {
  it.each([
    ['SecurityError', new DOMException('denied', 'SecurityError')],
    ['QuotaExceededError', new DOMException('full', 'QuotaExceededError')],
    ['a non-Error', 'boom'],
  ])('with engines throwing %s on every call, and keeps working in memory', (_, error) => {
    const store = createReferralStore({ engines: [throwing(error), throwing(error)], random: () => 'v-mem' });
    expect(() => store.get()).not.toThrow();
    expect(store.capture('alice')).toEqual({ code: 'alice', visitorId: 'v-mem' });
    expect(store.get()).toEqual({ code: 'alice', visitorId: 'v-mem' });
    expect(store.visitorId()).toBe('v-mem');
    expect(() => store.setConsent(true)).not.toThrow();
    expect(() => store.clear()).not.toThrow();
    expect(store.get()).toEqual({ code: null, visitorId: null });
    expect(() => store.setConsent(false)).not.toThrow();
    expect(() => createReferralStore({ engines: [throwing(error)], consentRequired: true })).not.toThrow();
  });

  it('with a clock that throws', () => {
    const store = createReferralStore({ engines: [recording()], now: () => { throw new Error('clock'); }, random });
    expect(() => store.capture('alice')).not.toThrow();
    expect(store.get().code).toBe('alice');
  });

  it('one failing engine does not stop the others', () => {
    const good = recording();
    const store = createReferralStore({ engines: [throwing(), good], random: () => 'v' });
    store.capture('alice');
    expect(good.inner.get(REFERRAL_KEY)).toBe('alice');
    expect(createReferralStore({ engines: [throwing(), good] }).get()).toEqual({ code: 'alice', visitorId: 'v' });
  });
});

describe('createReferralStore mirrors engines', () => {
  const pair = () => {
    const cookie = recording();
    const local = recording();
    createReferralStore({ engines: [cookie, local], random: () => 'v-1' }).capture('alice');
    cookie.writes.length = 0;
    local.writes.length = 0;
    return { cookie, local };
  };

  it('second engine cleared: read back from the first, and the second repaired', () => {
    const { cookie, local } = pair();
    local.inner.remove(REFERRAL_KEY);
    local.inner.remove(VISITOR_KEY);
    expect(createReferralStore({ engines: [cookie, local] }).get()).toEqual({ code: 'alice', visitorId: 'v-1' });
    expect(local.inner.get(REFERRAL_KEY)).toBe('alice');
    expect(local.inner.get(VISITOR_KEY)).toBe('v-1');
  });

  it('first engine cleared: read back from the second, and the first repaired', () => {
    const { cookie, local } = pair();
    cookie.inner.remove(REFERRAL_KEY);
    expect(createReferralStore({ engines: [cookie, local] }).get().code).toBe('alice');
    expect(cookie.inner.get(REFERRAL_KEY)).toBe('alice');
  });

  it('engines that agree are not written on read', () => {
    const { cookie, local } = pair();
    createReferralStore({ engines: [cookie, local] }).get();
    expect([...cookie.writes, ...local.writes]).toEqual([]);
  });

  it('engines that disagree are made to agree with the first', () => {
    const { cookie, local } = pair();
    local.inner.set(REFERRAL_KEY, 'mallory', 60);
    expect(createReferralStore({ engines: [cookie, local] }).get().code).toBe('alice');
    expect(local.inner.get(REFERRAL_KEY)).toBe('alice');
  });

  it('a value only in memory is written back to engines that lost it mid-page', () => {
    const cookie = recording();
    const store = createReferralStore({ engines: [cookie], random });
    store.capture('alice');
    cookie.inner.remove(REFERRAL_KEY);
    expect(store.get().code).toBe('alice');
    expect(cookie.inner.get(REFERRAL_KEY)).toBe('alice');
  });
});

describe('createReferralStore consent', () => {
  it('writes nothing to any engine before consent, keeps values in memory', () => {
    const a = recording();
    const b = recording();
    const store = createReferralStore({ engines: [a, b], consentRequired: true, random: () => 'v-1' });
    expect(store.hasConsent()).toBe(false);
    expect(store.capture('alice')).toEqual({ code: 'alice', visitorId: 'v-1' });
    expect(store.visitorId()).toBe('v-1');
    expect(store.get()).toEqual({ code: 'alice', visitorId: 'v-1' });
    store.clear();
    store.capture('bob');
    expect([...a.writes, ...b.writes].filter((w) => w.startsWith('set'))).toEqual([]);
  });

  it('does not read engines before consent', () => {
    const a = recording();
    a.inner.set(REFERRAL_KEY, 'leftover', 60);
    const store = createReferralStore({ engines: [a], consentRequired: true });
    expect(store.get().code).toBeNull();
  });

  it('granting stores consent and writes what was kept in memory', () => {
    const a = recording();
    const b = recording();
    const store = createReferralStore({ engines: [a, b], consentRequired: true, random: () => 'v-1' });
    store.capture('alice');
    store.setConsent(true);
    expect(store.hasConsent()).toBe(true);
    for (const e of [a, b]) {
      expect(e.inner.get(CONSENT_KEY)).toBe('1');
      expect(e.inner.get(REFERRAL_KEY)).toBe('alice');
      expect(e.inner.get(VISITOR_KEY)).toBe('v-1');
    }
    expect(a.writes).toContain(`set ${CONSENT_KEY}=1 ${365 * 86400}`);
    store.capture('bob');
    expect(a.inner.get(REFERRAL_KEY)).toBe('bob');
  });

  it('a stored consent is honoured on the next page', () => {
    const a = recording();
    createReferralStore({ engines: [a], consentRequired: true }).setConsent(true);
    const next = createReferralStore({ engines: [a], consentRequired: true, random: () => 'v' });
    expect(next.hasConsent()).toBe(true);
    next.capture('alice');
    expect(a.inner.get(REFERRAL_KEY)).toBe('alice');
  });

  it('refusing clears every engine, consent included, and writes nothing more', () => {
    const a = recording();
    const b = recording();
    const store = createReferralStore({ engines: [a, b], consentRequired: true, random });
    store.setConsent(true);
    store.capture('alice');
    store.setConsent(false);
    expect(store.hasConsent()).toBe(false);
    for (const e of [a, b]) for (const k of [REFERRAL_KEY, VISITOR_KEY, CONSENT_KEY]) expect(e.inner.get(k)).toBeNull();
    expect(store.get()).toEqual({ code: null, visitorId: null });
    a.writes.length = 0;
    store.capture('carol');
    expect(a.writes).toEqual([]);
    expect(store.get().code).toBe('carol');
    expect(createReferralStore({ engines: [a], consentRequired: true }).hasConsent()).toBe(false);
  });

  it('refusing also clears leftovers written before consent was required', () => {
    const a = recording();
    a.inner.set(REFERRAL_KEY, 'old', 60);
    createReferralStore({ engines: [a], consentRequired: true }).setConsent(false);
    expect(a.inner.get(REFERRAL_KEY)).toBeNull();
  });

  it('without consentRequired, consent is assumed and can still be withdrawn', () => {
    const a = recording();
    const store = createReferralStore({ engines: [a], random });
    expect(store.hasConsent()).toBe(true);
    store.capture('alice');
    store.setConsent(false);
    expect(a.inner.get(REFERRAL_KEY)).toBeNull();
    a.writes.length = 0;
    store.capture('bob');
    expect(a.writes).toEqual([]);
  });
});

describe('createReferralStore consent and older stored values', () => {
  it('the code captured before consent wins over a value stored before consent was required', () => {
    const a = recording();
    a.inner.set(REFERRAL_KEY, 'old', 60);
    a.inner.set(VISITOR_KEY, 'v-old', 60);
    const store = createReferralStore({ engines: [a], consentRequired: true, random: () => 'v-new' });
    store.capture('alice');
    store.setConsent(true);
    expect(store.get()).toEqual({ code: 'alice', visitorId: 'v-new' });
    expect(a.inner.get(REFERRAL_KEY)).toBe('alice');
    expect(a.inner.get(VISITOR_KEY)).toBe('v-new');
  });

  it('granting twice keeps what is stored', () => {
    const a = recording();
    const store = createReferralStore({ engines: [a], consentRequired: true, random: () => 'v' });
    store.setConsent(true);
    store.capture('alice');
    store.setConsent(true);
    expect(store.get()).toEqual({ code: 'alice', visitorId: 'v' });
  });
});
