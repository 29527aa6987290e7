import { describe, expect, it } from 'vitest';
import {
  isValidReferralCode,
  normalizeReferralCode,
  readReferralCode,
  stripReferralParams,
} from './read-referral';

describe('isValidReferralCode', () => {
  it.each(['a', 'alice', 'A-b_9', 'x'.repeat(64)])('accepts %s', (code) => {
    expect(isValidReferralCode(code)).toBe(true);
  });
  it.each(['', ' a', 'a ', 'x'.repeat(65), 'a b', 'a.b', 'ä', 'a/b', '<x>', 'a\n', 12, null, undefined, {}])(
    'rejects %j',
    (code) => {
      expect(isValidReferralCode(code)).toBe(false);
    },
  );
});

describe('normalizeReferralCode', () => {
  it('trims', () => expect(normalizeReferralCode('  alice_01\t')).toBe('alice_01'));
  it('rejects what is malformed once trimmed', () => {
    expect(normalizeReferralCode('a b')).toBeNull();
    expect(normalizeReferralCode('   ')).toBeNull();
    expect(normalizeReferralCode(' ' + 'x'.repeat(65))).toBeNull();
    expect(normalizeReferralCode(42)).toBeNull();
  });
});

describe('readReferralCode', () => {
  it('reads ?ref= by default', () => {
    expect(readReferralCode('https://shop.example/p?ref=alice')).toBe('alice');
  });
  it('reads ?via= when there is no ref', () => {
    expect(readReferralCode('https://shop.example/?via=bob&x=1')).toBe('bob');
  });
  it('takes the first non-empty parameter in the configured order', () => {
    expect(readReferralCode('https://s.example/?via=bob&ref=alice')).toBe('alice');
    expect(readReferralCode('https://s.example/?ref=&via=bob')).toBe('bob');
    expect(readReferralCode('https://s.example/?ref=%20%20&via=bob')).toBe('bob');
  });
  it('does not skip a malformed first value', () => {
    expect(readReferralCode('https://s.example/?ref=a%20b&via=bob')).toBeNull();
  });
  it('takes the first occurrence of a repeated parameter', () => {
    expect(readReferralCode('https://s.example/?ref=a&ref=b')).toBe('a');
  });
  it('uses configured parameter names only', () => {
    expect(readReferralCode('https://s.example/?aff=carol&ref=alice', ['aff'])).toBe('carol');
    expect(readReferralCode('https://s.example/?ref=alice', ['aff'])).toBeNull();
  });
  it('trims and decodes', () => {
    expect(readReferralCode('https://s.example/?ref=+alice+')).toBe('alice');
    expect(readReferralCode('https://s.example/?ref=%61lice')).toBe('alice');
  });
  it('accepts URL objects', () => {
    expect(readReferralCode(new URL('https://s.example/?ref=dave'))).toBe('dave');
  });
  it('rejects malformed codes', () => {
    expect(readReferralCode('https://s.example/?ref=%3Cscript%3E')).toBeNull();
    expect(readReferralCode(`https://s.example/?ref=${'x'.repeat(65)}`)).toBeNull();
    expect(readReferralCode('https://s.example/?ref=%E4%BA%8C')).toBeNull();
  });
  it('gives null without a code, or for a relative or broken URL, without throwing', () => {
    expect(readReferralCode('https://s.example/')).toBeNull();
    expect(readReferralCode('/p?ref=alice')).toBeNull();
    expect(readReferralCode('http://[bad')).toBeNull();
  });
  it('ignores the hash', () => {
    expect(readReferralCode('https://s.example/#ref=alice')).toBeNull();
  });
});

describe('stripReferralParams', () => {
  it('removes the referral parameters and keeps the rest exactly, hash included', () => {
    expect(stripReferralParams('https://s.example/p?a=1&ref=x&b=%20y+z&via=q#top')).toBe(
      'https://s.example/p?a=1&b=%20y+z#top',
    );
  });
  it('drops the question mark when nothing is left', () => {
    expect(stripReferralParams('https://s.example/p?ref=x')).toBe('https://s.example/p');
  });
  it('removes every occurrence and encoded names', () => {
    expect(stripReferralParams('https://s.example/?ref=a&r%65f=b&k=v&ref', ['ref'])).toBe(
      'https://s.example/?k=v',
    );
  });
  it('keeps parameters with undecodable names', () => {
    expect(stripReferralParams('https://s.example/?%E4=1&ref=a')).toBe('https://s.example/?%E4=1');
  });
  it('accepts URL objects and custom names', () => {
    expect(stripReferralParams(new URL('https://s.example/?aff=a&ref=b'), ['aff'])).toBe(
      'https://s.example/?ref=b',
    );
  });
  it('returns an unparsable URL unchanged', () => {
    expect(stripReferralParams('/relative?ref=a')).toBe('/relative?ref=a');
  });
});
