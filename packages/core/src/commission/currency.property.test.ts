import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { programSchema, type Program } from '../schema/program';
import { evaluateCommissions } from './evaluate';
import type { CommissionOrder, DistributorChain } from './types';

/** A fixed rate is an amount of one currency: it is never converted, and never taken in another currency. */

const PROPERTY_TIMEOUT = 60_000;
const RUNS = { numRuns: 500 };
const SKUS = ['A', 'B', 'C'];
const CURRENCIES = ['CNY', 'USD', 'JPY', 'KWD'] as const;
const DEFAULT = 'CNY';

const amountsArb = fc.dictionary(fc.constantFrom(...CURRENCIES), fc.integer({ min: 0, max: 5_000 }), { minKeys: 0, maxKeys: 3 });
const fixedRateArb = fc
  .record({ fixedPerUnit: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }), byCurrency: amountsArb })
  .filter((r) => r.fixedPerUnit !== undefined || Object.keys(r.byCurrency).length > 0)
  .map((r) => ({
    ...(r.fixedPerUnit !== undefined ? { fixedPerUnit: r.fixedPerUnit } : {}),
    ...(Object.keys(r.byCurrency).length > 0 ? { fixedPerUnitByCurrency: r.byCurrency } : {}),
  }));
const rateArb = fc.oneof(fixedRateArb, fc.record({ percentBps: fc.integer({ min: 0, max: 10_000 }) }));

const programArb: fc.Arbitrary<Program> = fc
  .array(fc.record({ sku: fc.constantFrom(...SKUS), level1: rateArb, level2: rateArb }), { maxLength: 4 })
  .map((rules) =>
    programSchema.parse({
      levels: 2,
      defaultRates: { level1Bps: 1000, level2Bps: 500 },
      rules: rules.map((r, i) => ({ id: `r${i}`, when: { sku: [r.sku] }, level1: r.level1, level2: r.level2 })),
    }),
  );

const orderArb: fc.Arbitrary<CommissionOrder> = fc
  .array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 20 }), unitPrice: fc.integer({ min: 0, max: 100_000 }) }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((items) => ({ items, placedAt: new Date('2026-03-10T00:00:00Z'), customer: 'new' as const }));

const chain: DistributorChain = { level1: { id: 'd1', status: 'active' }, level2: { id: 'd2', status: 'active' } };

/** The first rule naming the sku, as the engine picks it (all rules here have priority 0 and name one sku). */
const ruleFor = (program: Program, sku: string) => program.rules.find((r) => r.when?.sku?.includes(sku));

describe('fixed rates per currency (property)', () => {
  it(
    'each line earns its rule’s amount in the order’s currency, or nothing (said on the line) when the rule has none; percentages are untouched',
    () => {
      fc.assert(
        fc.property(programArb, orderArb, fc.constantFrom(...CURRENCIES), (program, order, currency) => {
          const result = evaluateCommissions(order, chain, program, { currency, defaultCurrency: DEFAULT });
          for (const commission of result.commissions) {
            for (const line of commission.lines) {
              const rule = ruleFor(program, line.sku);
              const given = commission.level === 1 ? rule?.level1 : rule?.level2;
              if (given === undefined || 'percentBps' in given) {
                expect(line.noAmountIn).toBeUndefined();
                continue;
              }
              const byCurrency = given.fixedPerUnitByCurrency?.[currency];
              const amount = byCurrency ?? (currency === DEFAULT && 'fixedPerUnit' in given ? given.fixedPerUnit : undefined);
              if (amount === undefined) {
                expect(line).toMatchObject({ rate: null, noAmountIn: currency, exact: 0 });
                expect(commission.summary).toContain(`no amount in ${currency}`);
              } else {
                expect(line.noAmountIn).toBeUndefined();
                expect(line.rate).toEqual({ fixedPerUnit: amount });
                expect(line.exact).toBe(line.base === 0 ? 0 : line.quantity * amount * 10_000);
              }
            }
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'amounts given for other currencies never change what an order earns',
    () => {
      fc.assert(
        fc.property(programArb, orderArb, fc.constantFrom(...CURRENCIES), amountsArb, (program, order, currency, extra) => {
          const others = Object.fromEntries(Object.entries(extra).filter(([code]) => code !== currency));
          const widened = programSchema.parse({
            ...program,
            rules: program.rules.map((r) => {
              if (!r.level1 || 'percentBps' in r.level1) return r;
              const merged = { ...others, ...r.level1.fixedPerUnitByCurrency };
              return Object.keys(merged).length === 0 ? r : { ...r, level1: { ...r.level1, fixedPerUnitByCurrency: merged } };
            }),
          });
          const context = { currency, defaultCurrency: DEFAULT };
          const before = evaluateCommissions(order, chain, program, context).commissions.map((c) => c.amount);
          const after = evaluateCommissions(order, chain, widened, context).commissions.map((c) => c.amount);
          expect(after).toEqual(before);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'in the default currency, a program without per-currency amounts earns exactly what it earned before currencies were known',
    () => {
      const plain = programArb.map((p) =>
        programSchema.parse({
          ...p,
          rules: p.rules.map((r) => ({
            ...r,
            level1: r.level1 && 'percentBps' in r.level1 ? r.level1 : { fixedPerUnit: 150 },
            level2: r.level2 && 'percentBps' in r.level2 ? r.level2 : { fixedPerUnit: 40 },
          })),
        }),
      );
      fc.assert(
        fc.property(plain, orderArb, (program, order) => {
          expect(evaluateCommissions(order, chain, program, { currency: DEFAULT, defaultCurrency: DEFAULT })).toEqual(evaluateCommissions(order, chain, program));
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('fixed rates per currency (golden)', () => {
  const program = programSchema.parse({
    levels: 2,
    defaultRates: { level1Bps: 1000, level2Bps: 500 },
    rules: [{ id: 'tea-fixed', when: { sku: ['TEA'] }, level1: { fixedPerUnit: 1000, fixedPerUnitByCurrency: { USD: 150 } }, level2: { fixedPerUnit: 300 } }],
  });
  const order: CommissionOrder = { items: [{ sku: 'TEA', quantity: 3, unitPrice: 2_000 }, { sku: 'CUP', quantity: 1, unitPrice: 1_000 }], placedAt: new Date('2026-03-10T00:00:00Z'), customer: 'new' };

  it('a USD order takes the USD amount at level 1; level 2 has no USD amount and says so', () => {
    const r = evaluateCommissions(order, chain, program, { currency: 'USD', defaultCurrency: 'CNY' });
    const [l1, l2] = r.commissions;
    // 3 × 150 + 10% of 1 000
    expect(l1!.amount).toBe(550);
    expect(l1!.lines[0]).toMatchObject({ rate: { fixedPerUnit: 150 } });
    // nothing from TEA (no USD amount), 5% of 1 000 from CUP
    expect(l2!.amount).toBe(50);
    expect(l2!.lines[0]).toMatchObject({ rate: null, excluded: false, noAmountIn: 'USD', exact: 0 });
    expect(l2!.summary).toContain('1 line earned nothing: the fixed rate has no amount in USD');
  });

  it('a CNY order (the default) takes fixedPerUnit, as before', () => {
    const r = evaluateCommissions(order, chain, program, { currency: 'CNY', defaultCurrency: 'CNY' });
    // 3 × 1 000 + 100; 3 × 300 + 50
    expect(r.commissions.map((c) => c.amount)).toEqual([3_100, 950]);
  });

  it('a JPY order earns nothing from either fixed rate', () => {
    const r = evaluateCommissions(order, chain, program, { currency: 'JPY', defaultCurrency: 'CNY' });
    expect(r.commissions.map((c) => c.amount)).toEqual([100, 50]);
  });
});
