import { describe, expect, it } from 'vitest';
import { REFERRAL_KEY as REFERRAL_COOKIE, VISITOR_KEY as VISITOR_COOKIE } from '@twotier/core';
import { readReferralFromCookies, referralCookie, referralCookies } from './cookies';

describe('readReferralFromCookies', () => {
  it('reads the code and visitor id under the names the widget writes', () => {
    const header = `theme=dark; ${VISITOR_COOKIE}=v_abcdef12; ${REFERRAL_COOKIE}=alice_01`;
    expect(readReferralFromCookies(header)).toEqual({ code: 'alice_01', visitorId: 'v_abcdef12' });
  });

  it('gives null for missing, malformed or injected values and never throws', () => {
    expect(readReferralFromCookies(undefined)).toEqual({ code: null, visitorId: null });
    expect(readReferralFromCookies(`${REFERRAL_COOKIE}=%E0%A4%A; ${VISITOR_COOKIE}=short`)).toEqual({ code: null, visitorId: null });
    expect(readReferralFromCookies(`${REFERRAL_COOKIE}=a%3Cscript%3E`).code).toBeNull();
  });

  it('uses the first of duplicate cookies, like browsers send the most specific first', () => {
    expect(readReferralFromCookies(`${REFERRAL_COOKIE}=first; ${REFERRAL_COOKIE}=second`).code).toBe('first');
  });
});

describe('referralCookie', () => {
  it('is first-party, Lax, with a max-age, and Secure on https', () => {
    expect(referralCookie(VISITOR_COOKIE, 'v_abcdef12', { url: 'https://shop.example/checkout' })).toBe(
      `${VISITOR_COOKIE}=v_abcdef12; Path=/; Max-Age=2592000; SameSite=Lax; Secure`,
    );
  });

  it('drops Secure on plain http and honours domain, days and HttpOnly', () => {
    expect(referralCookie(REFERRAL_COOKIE, 'bob', { url: 'http://localhost:3000/', domain: 'shop.example', maxAgeDays: 30, httpOnly: true })).toBe(
      `${REFERRAL_COOKIE}=bob; Path=/; Max-Age=2592000; SameSite=Lax; Domain=shop.example; HttpOnly`,
    );
  });

  it('refuses a bad name or lifetime', () => {
    expect(() => referralCookie('a;b', 'x')).toThrow(TypeError);
    expect(() => referralCookie(REFERRAL_COOKIE, 'x', { maxAgeDays: -1 })).toThrow(/maxAgeDays/);
  });

  it('round-trips through readReferralFromCookies and skips invalid parts', () => {
    const set = referralCookies({ code: 'carol-9', visitorId: 'v_abcdef12' });
    const header = set.map((c) => c.split(';')[0]).join('; ');
    expect(readReferralFromCookies(header)).toEqual({ code: 'carol-9', visitorId: 'v_abcdef12' });
    expect(referralCookies({ code: 'bad code!', visitorId: null })).toEqual([]);
  });
});
