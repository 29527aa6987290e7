import { describe, expect, it } from 'vitest';
import { createCookieEngine } from './cookie-engine';
import { keepReferral, keepValue, keptValue } from './keep-referral';
import { createLocalStorageEngine } from './local-storage-engine';
import { REFERRAL_KEY, VISITOR_KEY, createReferralStore } from './referral-store';
import type { CookieDocument, KeyValueStorage } from './types';

/** A cookie jar that keeps name=value, honours max-age ≤ 0 and records every assignment. */
const jar = (protocol = 'https:') => {
  const map = new Map<string, string>();
  const written: string[] = [];
  const doc: CookieDocument & { written: string[]; map: Map<string, string> } = {
    location: { protocol },
    written,
    map,
    get cookie() {
      return [...map].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      written.push(line);
      const [k, v] = line.split(';')[0]!.split('=') as [string, string];
      if (Number(/max-age=(-?\d+)/.exec(line)?.[1]) <= 0) map.delete(k);
      else map.set(k, v);
    },
  };
  return doc;
};
const storage = (): KeyValueStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
};
const denied = (): never => {
  throw new DOMException('denied', 'SecurityError');
};
const forbidden: KeyValueStorage = { getItem: denied, setItem: denied, removeItem: denied };
const forbiddenDocument = {
  location: { protocol: 'https:' },
  get cookie(): string {
    return denied();
  },
  set cookie(_: string) {
    denied();
  },
};

describe('keepReferral (the landing half of the store)', () => {
  it('keeps the code and a new visitor id as cookies and localStorage entries, for 30 days', () => {
    const [d, s] = [jar(), storage()];
    expect(keepReferral({ document: d, storage: s }, 'alice', { random: () => 'v-1', now: () => 1000 })).toEqual({ code: 'alice', visitorId: 'v-1' });
    expect(d.written).toEqual(['tt_ref=alice;max-age=2592000;path=/;SameSite=Lax;Secure', 'tt_vid=v-1;max-age=2592000;path=/;SameSite=Lax;Secure']);
    expect([s.map.get(REFERRAL_KEY), s.map.get(VISITOR_KEY)]).toEqual(['2592001000|alice', '2592001000|v-1']);
  });

  it('writes what the whole store and its engines read, and reads what they wrote', () => {
    const [d, s] = [jar('http:'), storage()];
    keepReferral({ document: d, storage: s }, 'alice', { random: () => 'v-1' });
    const engines = [createCookieEngine({ document: d }), createLocalStorageEngine(s)];
    expect(createReferralStore({ engines }).get()).toEqual({ code: 'alice', visitorId: 'v-1' });
    expect(d.written.every((line) => !line.includes('Secure'))).toBe(true);
    createReferralStore({ engines, random: () => 'v-2' }).capture('bob');
    expect(keepReferral({ document: d, storage: s })).toEqual({ code: 'bob', visitorId: 'v-1' });
  });

  it('keeps the visitor id of an earlier visit and starts its max-age again', () => {
    let t = 0;
    const [d, s] = [jar(), storage()];
    keepReferral({ document: d, storage: s }, 'alice', { random: () => 'v-1', now: () => t });
    t = 5000;
    expect(keepReferral({ document: d, storage: s }, 'bob', { random: () => 'v-2', now: () => t })).toEqual({ code: 'bob', visitorId: 'v-1' });
    expect(s.map.get(VISITOR_KEY)).toBe('2592005000|v-1');
  });

  it('without a code reads what is kept and writes back what one place lost', () => {
    const [d, s] = [jar(), storage()];
    keepReferral({ document: d, storage: s }, 'alice', { random: () => 'v-1' });
    d.map.delete(REFERRAL_KEY);
    s.map.delete(VISITOR_KEY);
    d.written.length = 0;
    expect(keepReferral({ document: d, storage: s })).toEqual({ code: 'alice', visitorId: 'v-1' });
    expect(d.map.get(REFERRAL_KEY)).toBe('alice');
    expect(s.map.get(VISITOR_KEY)).toMatch(/\|v-1$/);
    // Both places agree now: a further read writes nothing.
    d.written.length = 0;
    keepReferral({ document: d, storage: s });
    expect(d.written).toEqual([]);
  });

  it('reads an expired localStorage entry as absent', () => {
    const s = storage();
    s.map.set(REFERRAL_KEY, '999|alice');
    expect(keepReferral({ document: jar(), storage: s }, null, { now: () => 1000 })).toEqual({ code: null, visitorId: null });
  });

  it('without a code and nothing kept, writes nothing and makes no visitor id', () => {
    const d = jar();
    expect(keepReferral({ document: d, storage: storage() }, null, { random: () => 'v-1' })).toEqual({ code: null, visitorId: null });
    expect(d.written).toEqual([]);
  });

  it('ignores a malformed code (untrimmed included: readReferralCode trims) and malformed kept values', () => {
    const d = jar();
    d.map.set(REFERRAL_KEY, 'a%20b');
    expect(keepReferral({ document: d }, '<script>', { random: () => 'v' })).toEqual({ code: null, visitorId: null });
    expect(keepReferral({ document: d }, ' alice ', { random: () => 'v' })).toEqual({ code: null, visitorId: null });
    expect(d.written).toEqual([]);
  });

  it('never throws: forbidden cookies and storage still give what was captured for this page', () => {
    expect(keepReferral({ document: forbiddenDocument, storage: forbidden }, 'alice', { random: () => 'v-mem' })).toEqual({ code: 'alice', visitorId: 'v-mem' });
    expect(keepReferral({ document: forbiddenDocument, storage: forbidden })).toEqual({ code: null, visitorId: null });
    const s = storage();
    keepReferral({ document: forbiddenDocument, storage: s }, 'alice', { random: () => 'v' });
    expect(keepReferral({ document: forbiddenDocument, storage: s })).toEqual({ code: 'alice', visitorId: 'v' });
    expect(keepReferral({ document: jar(), storage: null }, 'alice', { random: () => 'v' }).visitorId).toBe('v');
  });
});

describe('keptValue and keepValue (the loader reads, a landing keeps)', () => {
  it('keepValue writes the lines the cookie and local-storage engines read', () => {
    const [d, s] = [jar('https:'), storage()];
    keepValue({ document: d, storage: s }, REFERRAL_KEY, 'alice', 30, 1000);
    expect(d.written).toEqual(['tt_ref=alice;max-age=2592000;path=/;SameSite=Lax;Secure']);
    expect(s.map.get(REFERRAL_KEY)).toBe(`${1000 + 30 * 864e5}|alice`);
    expect(createCookieEngine({ document: d }).get(REFERRAL_KEY)).toBe('alice');
    expect(createLocalStorageEngine(s, () => 2000).get(REFERRAL_KEY)).toBe('alice');
    const plain = jar('http:');
    keepValue({ document: plain, storage: null }, VISITOR_KEY, 'v-1');
    expect(plain.written).toEqual(['tt_vid=v-1;max-age=2592000;path=/;SameSite=Lax']);
  });

  it('keptValue reads the cookie, else the unexpired entry, writes back what one place lost, and ignores malformed values', () => {
    const [d, s] = [jar(), storage()];
    s.map.set(VISITOR_KEY, '5000|v-1');
    expect(keptValue({ document: d, storage: s }, VISITOR_KEY, 30, 4000)).toBe('v-1');
    expect(d.map.get(VISITOR_KEY)).toBe('v-1');
    // An expired entry is absent; the cookie alone is still read, and written back to localStorage.
    s.map.set(VISITOR_KEY, '5000|v-1');
    expect(keptValue({ document: d, storage: s }, VISITOR_KEY, 30, 6000)).toBe('v-1');
    expect(s.map.get(VISITOR_KEY)).toBe(`${6000 + 30 * 864e5}|v-1`);
    d.written.length = 0;
    expect(keptValue({ document: d, storage: s }, VISITOR_KEY, 30, 7000)).toBe('v-1');
    expect(d.written).toEqual([]);
    d.map.set(REFERRAL_KEY, 'a%20b');
    expect(keptValue({ document: d, storage: s }, REFERRAL_KEY)).toBe(null);
    expect(keptValue({ document: forbiddenDocument, storage: forbidden }, REFERRAL_KEY)).toBe(null);
  });
});
