import { describe, expect, it } from 'vitest';
import { isBindingActive, nextBinding, type NextBindingInput } from './binding';
import { AttributionError } from './errors';
import type { AttributionSettings, Binding } from './types';

const DAY = 86_400_000;
const T0 = new Date('2026-03-01T00:00:00Z');
const at = (days: number): Date => new Date(T0.getTime() + days * DAY);
type Settings = AttributionSettings['binding'];
const prog = (b: Partial<Settings>) => ({ binding: { mode: 'days', days: 30, on: 'order', allowSteal: false, ...b } as Settings });
const next = (over: Partial<NextBindingInput> & { settings?: Partial<Settings> }) => {
  const { settings = {}, ...rest } = over;
  return nextBinding({ current: null, code: 'alice', at: T0, trigger: 'order', program: prog(settings), ...rest });
};
const b = (code: string, boundAt: Date, expiresAt: Date | null): Binding => ({ code, boundAt, expiresAt });

describe('isBindingActive', () => {
  it('holds from boundAt up to, not including, expiresAt', () => {
    const x = b('a', at(0), at(30));
    expect(isBindingActive(x, at(0))).toBe(true);
    expect(isBindingActive(x, new Date(at(30).getTime() - 1))).toBe(true);
    expect(isBindingActive(x, at(30))).toBe(false);
    expect(isBindingActive(x, new Date(at(0).getTime() - 1))).toBe(false);
    expect(isBindingActive(b('a', at(0), null), at(10_000))).toBe(true);
  });
});

describe('nextBinding', () => {
  it('mode none binds nothing and keeps what is stored', () => {
    expect(next({ settings: { mode: 'none' } })).toBeNull();
    const stored = b('bob', at(-1), null);
    expect(next({ current: stored, settings: { mode: 'none' } })).toBe(stored);
  });
  it('mode days binds for that many days', () => {
    expect(next({ settings: { mode: 'days', days: 30 } })).toEqual(b('alice', T0, at(30)));
  });
  it('mode permanent binds forever', () => {
    expect(next({ settings: { mode: 'permanent' } })).toEqual(b('alice', T0, null));
  });
  it('trims the code', () => {
    expect(next({ code: ' alice ' })?.code).toBe('alice');
  });
  it('a touch binds only when the program binds on touches', () => {
    expect(next({ trigger: 'touch' })).toBeNull();
    expect(next({ trigger: 'touch', settings: { on: 'touch' } })).toEqual(b('alice', T0, at(30)));
    expect(next({ trigger: 'order', settings: { on: 'touch' } })).toEqual(b('alice', T0, at(30)));
  });
  it('renewing the same distributor extends from the new event', () => {
    const stored = b('alice', at(-10), at(20));
    expect(next({ current: stored, at: at(5) })).toEqual(b('alice', at(5), at(35)));
  });
  it('an active binding to another distributor is kept when stealing is off', () => {
    const stored = b('bob', at(-10), at(20));
    expect(next({ current: stored, at: at(5) })).toBe(stored);
    const forever = b('bob', at(-1000), null);
    expect(next({ current: forever, at: at(5), settings: { mode: 'permanent' } })).toBe(forever);
  });
  it('an active binding to another distributor moves when stealing is on', () => {
    const stored = b('bob', at(-10), at(20));
    expect(next({ current: stored, at: at(5), settings: { allowSteal: true } })).toEqual(b('alice', at(5), at(35)));
  });
  it('an expired binding is replaced, stealing or not', () => {
    const stored = b('bob', at(-40), at(-10));
    expect(next({ current: stored })).toEqual(b('alice', T0, at(30)));
    expect(next({ current: b('bob', at(-40), T0) })).toEqual(b('alice', T0, at(30)));
  });
  it('an event older than the binding changes nothing', () => {
    const stored = b('bob', at(10), at(40));
    expect(next({ current: stored, settings: { allowSteal: true } })).toBe(stored);
    const mine = b('alice', at(10), at(40));
    expect(next({ current: mine })).toBe(mine);
  });
  it('a touch with binding on orders leaves a stored binding as it is', () => {
    const stored = b('bob', at(-40), at(-10));
    expect(next({ current: stored, trigger: 'touch', settings: { allowSteal: true } })).toBe(stored);
  });
  it('does not change its input', () => {
    const stored = b('alice', at(-10), at(20));
    const copy = structuredClone(stored);
    next({ current: stored, at: at(5) });
    expect(stored).toEqual(copy);
  });
  it('throws AttributionError for bad input', () => {
    expect(() => next({ code: 'not a code' })).toThrow(AttributionError);
    expect(() => next({ at: new Date('x') })).toThrow(/at must be a valid Date/);
    expect(() => next({ settings: { mode: 'days', days: undefined } })).toThrow(/binding\.days/);
    expect(() => next({ settings: { mode: 'days', days: 0 } })).toThrow(AttributionError);
  });
});
