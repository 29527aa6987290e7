import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTouches, isTouchInWindow, resolveAttribution } from './resolve';
import type { AttributionSettings, Binding, Touch } from './types';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const RUNS = { numRuns: 1000 };

// Few codes and hour-grained times, so ties, repeats and exact window edges are common.
const code = fc.constantFrom('a', 'b', 'c', 'd', 'bad code');
const now = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
const windowDays = fc.integer({ min: 1, max: 60 });
const offset = (w: number) =>
  fc.oneof(
    fc.integer({ min: -48, max: (w + 3) * 24 }).map((h) => h * HOUR),
    fc.constantFrom(w * DAY, w * DAY + 1, w * DAY - 1, 0, -1),
    fc.integer({ min: -DAY, max: (w + 3) * DAY }),
  );
const touchesAround = (n: Date, w: number) =>
  fc.array(
    fc.record({
      code,
      visitorId: fc.constantFrom('v1', 'v2'),
      ago: offset(w),
      url: fc.option(fc.constantFrom('https://s/1', 'https://s/2'), { nil: undefined }),
    }).map(({ ago, url, ...t }): Touch => ({ ...t, at: new Date(n.getTime() - ago), ...(url ? { url } : {}) })),
    { maxLength: 12 },
  );
const settings = (w: number, over: Partial<AttributionSettings['binding']> = {}) =>
  fc.record({
    attributionModel: fc.constantFrom('last_click' as const, 'first_click' as const),
    attributionWindowDays: fc.constant(w),
    selfPurchase: fc.constantFrom('block' as const, 'allow' as const),
    binding: fc.record({
      mode: fc.constantFrom('none' as const, 'days' as const, 'permanent' as const),
      days: fc.constant(30),
      on: fc.constantFrom('order' as const, 'touch' as const),
      allowSteal: fc.boolean(),
    }).map((b) => ({ ...b, ...over })),
  });
const scenario = (bindingOver: Partial<AttributionSettings['binding']> = {}) =>
  fc.tuple(now, windowDays).chain(([n, w]) =>
    fc.record({
      now: fc.constant(n),
      program: settings(w, bindingOver),
      touches: touchesAround(n, w),
      buyerCode: fc.option(code, { nil: null }),
      binding: fc.option(
        fc.record({ code, boundAgo: offset(w), life: fc.option(fc.integer({ min: -DAY, max: 90 * DAY }), { nil: null }) })
          .map(({ code: c, boundAgo, life }): Binding => {
            const boundAt = new Date(n.getTime() - boundAgo);
            return { code: c, boundAt, expiresAt: life === null ? null : new Date(boundAt.getTime() + life) };
          }),
        { nil: null },
      ),
    }),
  );

describe('resolveAttribution properties', () => {
  it('never picks a touch outside the window or in the future, and picks the model’s touch', () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const result = resolveAttribution(s);
        if (result?.source !== 'touch') return;
        const t = result.touch!;
        expect(s.touches).toContain(t);
        expect(t.at.getTime()).toBeLessThanOrEqual(s.now.getTime());
        expect(isTouchInWindow(t, s.now, s.program.attributionWindowDays)).toBe(true);
        expect(s.now.getTime() - t.at.getTime()).toBeLessThanOrEqual(s.program.attributionWindowDays * DAY);
        if (s.binding === null || s.program.binding.mode === 'none') {
          // Without a binding in play, the pick is the extreme valid touch in the window.
          const valid = s.touches.filter((x) => x.code !== 'bad code' && isTouchInWindow(x, s.now, s.program.attributionWindowDays));
          const sorted = [...valid].sort(compareTouches);
          const expected = s.program.attributionModel === 'last_click' ? sorted.at(-1) : sorted[0];
          expect(compareTouches(t, expected!)).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('never picks another distributor than the active binding’s when stealing is off', () => {
    const active = fc
      .tuple(now, windowDays)
      .chain(([n, w]) =>
        fc.record({
          now: fc.constant(n),
          program: settings(w, { allowSteal: false }).filter((p) => p.binding.mode !== 'none'),
          touches: touchesAround(n, w),
          binding: fc.record({
            code: fc.constantFrom('a', 'b', 'c', 'd'),
            boundAgo: fc.integer({ min: 0, max: 400 * DAY }),
            left: fc.option(fc.integer({ min: 1, max: 90 * DAY }), { nil: null }),
          }).map(({ code: c, boundAgo, left }): Binding => ({
            code: c,
            boundAt: new Date(n.getTime() - boundAgo),
            expiresAt: left === null ? null : new Date(n.getTime() + left),
          })),
        }),
      );
    fc.assert(
      fc.property(active, (s) => {
        const result = resolveAttribution(s);
        expect(result).toEqual({ code: s.binding.code, source: 'binding', selfPurchase: false });
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the touches array', () => {
    const shuffled = scenario().chain((s) =>
      fc.record({
        s: fc.constant(s),
        order: fc.shuffledSubarray(s.touches, { minLength: s.touches.length, maxLength: s.touches.length }),
      }),
    );
    fc.assert(
      fc.property(shuffled, ({ s, order }) => {
        expect(resolveAttribution({ ...s, touches: order })).toEqual(resolveAttribution(s));
      }),
      RUNS,
    );
  });

  it('a blocked self-purchase is never attributed, an allowed one is flagged', () => {
    fc.assert(
      fc.property(scenario(), (s) => {
        const result = resolveAttribution(s);
        if (result === null) return;
        expect(result.selfPurchase).toBe(result.code === s.buyerCode);
        if (s.program.selfPurchase === 'block') expect(result.code).not.toBe(s.buyerCode);
      }),
      RUNS,
    );
  });
});
