import { describe, expect, it } from 'vitest';
import { AttributionError } from './errors';
import { compareTouches, isTouchInWindow, pickTouch, resolveAttribution, type ResolveAttributionInput } from './resolve';
import type { AttributionSettings, Binding, Touch } from './types';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

const program = (over: Partial<AttributionSettings> = {}, binding: Partial<AttributionSettings['binding']> = {}): AttributionSettings => ({
  attributionModel: 'last_click',
  attributionWindowDays: 30,
  selfPurchase: 'block',
  ...over,
  binding: { mode: 'days', days: 90, on: 'order', allowSteal: false, ...binding },
});
const touch = (code: string, at: Date, extra: Partial<Touch> = {}): Touch => ({ code, visitorId: 'v1', at, ...extra });
const resolve = (over: Partial<ResolveAttributionInput> = {}) =>
  resolveAttribution({ now: NOW, program: program(), touches: [], ...over });
const bound = (code: string, boundAt: Date, expiresAt: Date | null): Binding => ({ code, boundAt, expiresAt });

const touches = [touch('t-old', ago(5 * DAY)), touch('t-new', ago(DAY))];
const binding = bound('b', ago(10 * DAY), new Date(NOW.getTime() + DAY));
const couponOwner = (c: string) => (c === 'SAVE10' ? 'c' : null);

describe('resolveAttribution: precedence', () => {
  it('explicit code beats coupon, binding and touches', () => {
    expect(resolve({ explicitCode: 'e', couponCode: 'SAVE10', couponOwner, binding, touches })).toEqual({
      code: 'e', source: 'explicit', selfPurchase: false,
    });
  });
  it('coupon beats binding and touches', () => {
    expect(resolve({ couponCode: 'SAVE10', couponOwner, binding, touches })).toEqual({
      code: 'c', source: 'coupon', selfPurchase: false,
    });
  });
  it('active binding beats touches', () => {
    expect(resolve({ binding, touches })).toEqual({ code: 'b', source: 'binding', selfPurchase: false });
  });
  it('touches when nothing stronger', () => {
    expect(resolve({ touches })).toEqual({ code: 't-new', source: 'touch', touch: touches[1], selfPurchase: false });
  });
  it('null (organic) when nothing at all', () => {
    expect(resolve()).toBeNull();
    expect(resolve({ explicitCode: null, couponCode: null, binding: null })).toBeNull();
  });
  it('a shop coupon (no owner) or a coupon without a lookup falls through', () => {
    expect(resolve({ couponCode: 'SHOPWIDE', couponOwner, touches })?.source).toBe('touch');
    expect(resolve({ couponCode: 'SAVE10', touches })?.source).toBe('touch');
    expect(resolve({ couponCode: '  ', couponOwner: () => 'c', touches })?.source).toBe('touch');
  });
  it('passes the trimmed coupon to the lookup', () => {
    expect(resolve({ couponCode: ' SAVE10 ', couponOwner })?.code).toBe('c');
  });
  it('trims the explicit code', () => {
    expect(resolve({ explicitCode: '  e ' })?.code).toBe('e');
  });
  it('malformed codes at any step fall through', () => {
    expect(resolve({ explicitCode: 'not a code', touches })?.code).toBe('t-new');
    expect(resolve({ couponCode: 'X', couponOwner: () => 'bad code!', touches })?.code).toBe('t-new');
    expect(resolve({ binding: bound('??', ago(DAY), null), touches })?.code).toBe('t-new');
    expect(resolve({ touches: [touch('<x>', ago(1)), touch('ok', ago(DAY))] })?.code).toBe('ok');
  });
  it('ineligible (unknown, suspended) codes at any step fall through', () => {
    const isEligible = (c: string) => c !== 'e' && c !== 'c' && c !== 'b' && c !== 't-new';
    expect(resolve({ explicitCode: 'e', couponCode: 'SAVE10', couponOwner, binding, touches, isEligible })).toEqual({
      code: 't-old', source: 'touch', touch: touches[0], selfPurchase: false,
    });
    expect(resolve({ touches, isEligible: () => false })).toBeNull();
  });
});

describe('resolveAttribution: window', () => {
  const at = (code: string, ms: number) => touch(code, ago(ms));
  it('a touch exactly attributionWindowDays old counts', () => {
    expect(resolve({ touches: [at('edge', 30 * DAY)] })?.code).toBe('edge');
  });
  it('a touch one millisecond older does not', () => {
    expect(resolve({ touches: [at('old', 30 * DAY + 1)] })).toBeNull();
  });
  it('a touch at the order instant counts, one in the future does not', () => {
    expect(resolve({ touches: [at('now', 0)] })?.code).toBe('now');
    expect(resolve({ touches: [at('future', -1)] })).toBeNull();
    expect(resolve({ touches: [at('future', -1), at('past', DAY)] })?.code).toBe('past');
  });
  it('follows the configured window', () => {
    const p = program({ attributionWindowDays: 7 });
    expect(resolve({ program: p, touches: [at('x', 7 * DAY)] })?.code).toBe('x');
    expect(resolve({ program: p, touches: [at('x', 7 * DAY + 1)] })).toBeNull();
  });
  it('isTouchInWindow states the same edges', () => {
    expect(isTouchInWindow(at('a', 30 * DAY), NOW, 30)).toBe(true);
    expect(isTouchInWindow(at('a', 30 * DAY + 1), NOW, 30)).toBe(false);
    expect(isTouchInWindow(at('a', -1), NOW, 30)).toBe(false);
  });
});

describe('resolveAttribution: first vs last click', () => {
  const list = [touch('middle', ago(3 * DAY)), touch('first', ago(9 * DAY)), touch('last', ago(DAY)), touch('outside', ago(40 * DAY))];
  it('last click by default', () => {
    expect(resolve({ touches: list })?.code).toBe('last');
  });
  it('first click by setting, never outside the window', () => {
    expect(resolve({ program: program({ attributionModel: 'first_click' }), touches: list })?.code).toBe('first');
  });
  it('breaks exact time ties by code, whatever the array order', () => {
    const t = ago(DAY);
    const a = [touch('zed', t), touch('amy', t)];
    expect(resolve({ touches: a })?.code).toBe('zed');
    expect(resolve({ touches: [...a].reverse() })?.code).toBe('zed');
    expect(resolve({ program: program({ attributionModel: 'first_click' }), touches: a })?.code).toBe('amy');
  });
  it('pickTouch and compareTouches', () => {
    expect(pickTouch([], 'last_click')).toBeNull();
    const a = touch('a', ago(DAY), { url: 'https://s/1' });
    const b = touch('a', ago(DAY), { url: 'https://s/2' });
    expect(compareTouches(a, b)).toBeLessThan(0);
    expect(compareTouches(b, a)).toBeGreaterThan(0);
    expect(compareTouches(a, { ...a })).toBe(0);
    expect(compareTouches(a, { ...a, visitorId: 'v2' })).toBeLessThan(0);
    expect(compareTouches(a, { ...a, referrer: 'https://r' })).toBeLessThan(0);
    expect(pickTouch([b, a], 'last_click')).toBe(b);
    expect(pickTouch([b, a], 'first_click')).toBe(a);
  });
});

describe('resolveAttribution: binding', () => {
  const other = [touch('other', ago(DAY))];
  it('an expired binding falls through to touches (expiry instant excluded)', () => {
    expect(resolve({ binding: bound('b', ago(10 * DAY), NOW), touches: other })?.code).toBe('other');
    expect(resolve({ binding: bound('b', ago(10 * DAY), new Date(NOW.getTime() + 1)), touches: other })?.code).toBe('b');
  });
  it('a permanent binding holds', () => {
    expect(resolve({ binding: bound('b', ago(999 * DAY), null), touches: other })?.code).toBe('b');
  });
  it('a binding made after the order does not apply', () => {
    expect(resolve({ binding: bound('b', new Date(NOW.getTime() + 1), null), touches: other })?.code).toBe('other');
  });
  it('mode none ignores stored bindings', () => {
    const p = program({}, { mode: 'none' });
    expect(resolve({ program: p, binding, touches: other })?.code).toBe('other');
  });
  it('stealing off: a newer touch from another distributor does not take the customer', () => {
    expect(resolve({ binding: bound('b', ago(5 * DAY), null), touches: other })).toEqual({
      code: 'b', source: 'binding', selfPurchase: false,
    });
  });
  it('stealing off: explicit code and coupon still win', () => {
    expect(resolve({ binding, explicitCode: 'e' })?.code).toBe('e');
    expect(resolve({ binding, couponCode: 'SAVE10', couponOwner })?.code).toBe('c');
  });
  describe('stealing on', () => {
    const steal = program({}, { allowSteal: true });
    const b5 = bound('b', ago(5 * DAY), null);
    it('a touch newer than boundAt from another distributor wins', () => {
      expect(resolve({ program: steal, binding: b5, touches: other })).toEqual({
        code: 'other', source: 'touch', touch: other[0], selfPurchase: false,
      });
    });
    it('a touch older than boundAt does not', () => {
      expect(resolve({ program: steal, binding: b5, touches: [touch('other', ago(6 * DAY))] })?.code).toBe('b');
    });
    it('a touch exactly at boundAt does not', () => {
      expect(resolve({ program: steal, binding: b5, touches: [touch('other', ago(5 * DAY))] })?.code).toBe('b');
    });
    it("the bound distributor's own newer touch keeps the binding under last click", () => {
      const list = [touch('other', ago(3 * DAY)), touch('b', ago(DAY))];
      expect(resolve({ program: steal, binding: b5, touches: list })).toEqual({ code: 'b', source: 'binding', selfPurchase: false });
    });
    it('first click picks the first touch after boundAt', () => {
      const p = program({ attributionModel: 'first_click' }, { allowSteal: true });
      const list = [touch('x', ago(3 * DAY)), touch('b', ago(DAY)), touch('y', ago(2 * DAY)), touch('z', ago(8 * DAY))];
      expect(resolve({ program: p, binding: b5, touches: list })?.code).toBe('x');
    });
    it('touches outside the window never steal', () => {
      const old = bound('b', ago(60 * DAY), null);
      expect(resolve({ program: steal, binding: old, touches: [touch('other', ago(40 * DAY))] })?.code).toBe('b');
    });
  });
});

describe('resolveAttribution: self-purchase', () => {
  it('block: the buyer buying through their own code is not attributed at all', () => {
    expect(resolve({ touches: [touch('me', ago(DAY)), touch('other', ago(2 * DAY))], buyerCode: 'me' })).toBeNull();
    expect(resolve({ explicitCode: 'me', buyerCode: ' me ' })).toBeNull();
    expect(resolve({ binding: bound('me', ago(DAY), null), buyerCode: 'me' })).toBeNull();
  });
  it('allow: attributed to the buyer, flagged', () => {
    const p = program({ selfPurchase: 'allow' });
    const t = touch('me', ago(DAY));
    expect(resolve({ program: p, touches: [t], buyerCode: 'me' })).toEqual({
      code: 'me', source: 'touch', touch: t, selfPurchase: true,
    });
    expect(resolve({ program: p, couponCode: 'MINE', couponOwner: () => 'me', buyerCode: 'me' })).toEqual({
      code: 'me', source: 'coupon', selfPurchase: true,
    });
  });
  it('a distributor buying through someone else is a normal attribution', () => {
    expect(resolve({ touches: [touch('other', ago(DAY))], buyerCode: 'me' })?.selfPurchase).toBe(false);
  });
});

describe('resolveAttribution: bad input', () => {
  it('throws AttributionError for an invalid now or touch date', () => {
    expect(() => resolve({ now: new Date('nope') })).toThrow(AttributionError);
    expect(() => resolve({ touches: [touch('a', new Date(Number.NaN))] })).toThrow(/touch\.at/);
    expect(() => resolve({ touches: [{ code: 'a', visitorId: 'v', at: '2026-01-01' as unknown as Date }] })).toThrow(AttributionError);
  });
});

describe('resolveAttribution with a program as the schema makes it', () => {
  it('accepts a parsed program, defaults applied (last click, 30 days, no binding, block)', async () => {
    const { programSchema } = await import('../schema/program');
    const parsed = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 } });
    const list = [touch('a', ago(31 * DAY)), touch('b', ago(2 * DAY)), touch('c', ago(DAY))];
    expect(resolveAttribution({ now: NOW, program: parsed, touches: list, binding })).toEqual({
      code: 'c', source: 'touch', touch: list[2], selfPurchase: false,
    });
    expect(resolveAttribution({ now: NOW, program: parsed, touches: list, buyerCode: 'c' })).toBeNull();
  });
});
