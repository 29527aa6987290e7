import { describe, expect, it } from 'vitest';
import { createCookieEngine } from './cookie-engine';
import { createLocalStorageEngine } from './local-storage-engine';
import { createMemoryEngine } from './memory-engine';
import type { CookieDocument, KeyValueStorage } from './types';

/** A document whose cookie jar keeps name=value and records every assignment. */
const fakeDocument = (protocol = 'https:') => {
  const jar = new Map<string, string>();
  const written: string[] = [];
  const doc: CookieDocument & { written: string[] } = {
    location: { protocol },
    written,
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      written.push(line);
      const [pair] = line.split(';');
      const [k, v] = pair!.split('=') as [string, string];
      if (Number(/max-age=(-?\d+)/.exec(line)?.[1]) <= 0) jar.delete(k);
      else jar.set(k, v);
    },
  };
  return doc;
};

describe('createCookieEngine', () => {
  it('writes a first-party cookie: max-age, path=/, SameSite=Lax, Secure on https', () => {
    const d = fakeDocument('https:');
    createCookieEngine({ document: d }).set('tt_ref', 'alice', 2592000);
    expect(d.written).toEqual(['tt_ref=alice;max-age=2592000;path=/;SameSite=Lax;Secure']);
  });
  it('leaves Secure out on http, unless asked', () => {
    const d = fakeDocument('http:');
    createCookieEngine({ document: d }).set('k', 'v', 60);
    createCookieEngine({ document: d, secure: true }).set('k', 'v', 60);
    expect(d.written).toEqual(['k=v;max-age=60;path=/;SameSite=Lax', 'k=v;max-age=60;path=/;SameSite=Lax;Secure']);
  });
  it('leaves Secure out on https when told to, and without a location', () => {
    const d = fakeDocument('https:');
    createCookieEngine({ document: d, secure: false }).set('k', 'v', 60);
    createCookieEngine({ document: { cookie: '' } }).set('k', 'v', 60);
    expect(d.written).toEqual(['k=v;max-age=60;path=/;SameSite=Lax']);
  });
  it('adds a domain and another SameSite when configured; max-age is whole seconds', () => {
    const d = fakeDocument();
    createCookieEngine({ document: d, domain: '.shop.example', sameSite: 'Strict' }).set('k', 'v', 59.9);
    expect(d.written).toEqual(['k=v;max-age=59;path=/;SameSite=Strict;domain=.shop.example;Secure']);
  });
  it('reads back what it wrote, encoded, among other cookies', () => {
    const d = fakeDocument();
    const engine = createCookieEngine({ document: d });
    d.cookie = 'other=1';
    d.cookie = 'xtt_ref=no';
    engine.set('tt_ref', 'a b;c=d', 60);
    d.cookie = 'tt_ref2=no';
    expect(d.written.at(-2)).toMatch(/^tt_ref=a%20b%3Bc%3Dd;/);
    expect(engine.get('tt_ref')).toBe('a b;c=d');
    expect(engine.get('missing')).toBeNull();
    expect(engine.get('tt_re')).toBeNull();
  });
  it('removes with a negative max-age and the same attributes', () => {
    const d = fakeDocument();
    const engine = createCookieEngine({ document: d, domain: '.shop.example' });
    engine.set('k', 'v', 60);
    engine.remove('k');
    expect(d.written.at(-1)).toBe('k=;max-age=-1;path=/;SameSite=Lax;domain=.shop.example;Secure');
    expect(engine.get('k')).toBeNull();
  });
  it('lets errors of the document through (the store guards them)', () => {
    const d = {
      get cookie(): string {
        throw new DOMException('sandboxed', 'SecurityError');
      },
      set cookie(_: string) {
        throw new DOMException('sandboxed', 'SecurityError');
      },
    };
    const engine = createCookieEngine({ document: d });
    expect(() => engine.get('k')).toThrow('sandboxed');
    expect(() => engine.set('k', 'v', 1)).toThrow('sandboxed');
  });
});

const fakeStorage = (): KeyValueStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};

describe('createLocalStorageEngine', () => {
  it('keeps the expiry with the value and honours it', () => {
    let now = 1_000_000;
    const s = fakeStorage();
    const engine = createLocalStorageEngine(s, () => now);
    engine.set('k', 'v', 60);
    expect(s.map.get('k')).toBe('1060000|v');
    now += 59_999;
    expect(engine.get('k')).toBe('v');
    now += 1;
    expect(engine.get('k')).toBeNull();
    expect(s.map.has('k')).toBe(false);
  });
  it('keeps values containing the separator', () => {
    const engine = createLocalStorageEngine(fakeStorage(), () => 0);
    engine.set('k', 'a|b|', 1);
    expect(engine.get('k')).toBe('a|b|');
  });
  it('reads malformed entries as absent and removes them', () => {
    const s = fakeStorage();
    const engine = createLocalStorageEngine(s, () => 0);
    for (const raw of ['plain', '99999999', 'soon|x'.replace('soon', 'NaN'), '|x']) {
      s.map.set('k', raw);
      expect(engine.get('k')).toBeNull();
      expect(s.map.has('k')).toBe(false);
    }
    expect(engine.get('absent')).toBeNull();
  });
  it('a max-age of 0 or less removes; remove removes', () => {
    const s = fakeStorage();
    const engine = createLocalStorageEngine(s, () => 0);
    engine.set('k', 'v', 10);
    engine.set('k', 'v', 0);
    expect(s.map.has('k')).toBe(false);
    engine.set('k', 'v', 10);
    engine.remove('k');
    expect(s.map.has('k')).toBe(false);
  });
  it('uses Date.now by default', () => {
    const s = fakeStorage();
    createLocalStorageEngine(s).set('k', 'v', 1);
    const expires = Number(s.map.get('k')!.split('|')[0]);
    expect(Math.abs(expires - (Date.now() + 1000))).toBeLessThan(1000);
  });
});

describe('createMemoryEngine', () => {
  it('keeps values until their max-age', () => {
    let now = 0;
    const engine = createMemoryEngine(() => now);
    engine.set('k', 'v', 1);
    expect(engine.get('k')).toBe('v');
    now = 1000;
    expect(engine.get('k')).toBeNull();
  });
  it('removes, and a max-age of 0 removes', () => {
    const engine = createMemoryEngine();
    engine.set('a', '1', 60);
    engine.set('b', '2', 60);
    engine.remove('a');
    engine.set('b', '2', 0);
    expect([engine.get('a'), engine.get('b')]).toEqual([null, null]);
  });
  it('instances do not share values', () => {
    const a = createMemoryEngine();
    a.set('k', 'v', 60);
    expect(createMemoryEngine().get('k')).toBeNull();
  });
});
