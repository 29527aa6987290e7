import { describe, expect, it } from 'vitest';
import { RuleError } from '../errors';
import { programSchema } from '../schema/program';
import { evaluatePeriodBonuses, gradeForSales } from './bonuses';

const program = programSchema.parse({
  levels: 2,
  defaultRates: { level1Bps: 1000, level2Bps: 300 },
  performanceBonus: [
    { threshold: 1_000_000, bonusBps: 100 },
    { threshold: 100_000, amount: 5_000 },
    { threshold: 5_000_000, bonusBps: 250 },
  ],
  teamBonus: [
    { threshold: 500_000, bonusBps: 100 },
    { threshold: 2_000_000, bonusBps: 200 },
  ],
  grades: [
    { id: 'member', name: 'Member', level1Bps: 1000, level2Bps: 300 },
    { id: 'silver', name: 'Silver', level1Bps: 1200, level2Bps: 400, upgradeAtSales: 1_000_000 },
    { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500, upgradeAtSales: 5_000_000 },
    { id: 'starter', name: 'Starter', level1Bps: 1000, level2Bps: 300, upgradeAtSales: 0 },
  ],
});

describe('evaluatePeriodBonuses', () => {
  it('takes the highest tier reached, fixed or by rate', () => {
    const low = evaluatePeriodBonuses({ program, ownSales: 150_000, recruitsSales: 0 });
    expect(low.performance?.amount).toBe(5_000);
    expect(low.performance?.explanation).toBe('Own sales of 150000 reached the 100000 tier: fixed bonus of 5000.');
    expect(low.team).toBeNull();
    // 1 234 567 × 1% = 12 345.67 → 12 346
    expect(evaluatePeriodBonuses({ program, ownSales: 1_234_567, recruitsSales: [] }).performance).toMatchObject({ amount: 12_346, tier: { threshold: 1_000_000 } });
    // 5 000 050 × 2.5% = 125 001.25 → 125 001
    expect(evaluatePeriodBonuses({ program, ownSales: 5_000_050, recruitsSales: [] }).performance?.amount).toBe(125_001);
  });

  it('pays no bonus without sales, even at a zero threshold', () => {
    const zero = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, performanceBonus: [{ threshold: 0, amount: 100 }] });
    expect(evaluatePeriodBonuses({ program: zero, ownSales: 0, recruitsSales: 0 })).toEqual({ performance: null, team: null });
    expect(evaluatePeriodBonuses({ program: zero, ownSales: 1, recruitsSales: 0 }).performance?.amount).toBe(100);
  });

  it('team bonus sums direct recruits’ sales, however many or few they are', () => {
    // 300 000 + 250 000 = 550 000 ≥ 500 000: 1% = 5 500.
    const two = evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: [300_000, 250_000] });
    expect(two.team?.amount).toBe(5_500);
    expect(two.team?.explanation).toBe("Direct recruits' sales of 550000 reached the 500000 tier: 1% of 550000 = 5500 (rounded half to even).");
    // Fifty recruits who sell nothing earn nothing: heads are never counted.
    expect(evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: new Array(50).fill(0) }).team).toBeNull();
    // One recruit with the same sales earns the same.
    expect(evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: 550_000 }).team?.amount).toBe(5_500);
    // 2 000 050 × 2% = 40 001
    expect(evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: [2_000_050] }).team?.amount).toBe(40_001);
  });

  it('stays exact for very large sales', () => {
    const big = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, performanceBonus: [{ threshold: 1, bonusBps: 3333 }] });
    // 900 719 925 474 099 × 33.33% = 300 209 951 160 517.1 → 300 209 951 160 517
    expect(evaluatePeriodBonuses({ program: big, ownSales: 900_719_925_474_099, recruitsSales: 0 }).performance?.amount).toBe(300_209_951_160_517);
  });

  it('rejects sales that are not whole minor units', () => {
    expect(() => evaluatePeriodBonuses({ program, ownSales: -1, recruitsSales: 0 })).toThrow(RuleError);
    expect(() => evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: [1, 0.5] })).toThrow(/recruitsSales\[1\]/);
    expect(() => evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: 1.5 })).toThrow(/recruitsSales must be/);
    expect(() => evaluatePeriodBonuses({ program, ownSales: 0, recruitsSales: [Number.MAX_SAFE_INTEGER, 1] })).toThrow(/sum of recruitsSales/);
  });
});

describe('gradeForSales', () => {
  it('upgrades to the highest grade reached', () => {
    expect(gradeForSales(program, 'member', 999_999)).toBe('member');
    expect(gradeForSales(program, 'member', 1_000_000)).toBe('silver');
    expect(gradeForSales(program, 'member', 7_000_000)).toBe('gold');
    expect(gradeForSales(program, 'silver', 5_000_000)).toBe('gold');
  });

  it('never downgrades', () => {
    expect(gradeForSales(program, 'gold', 0)).toBe('gold');
    expect(gradeForSales(program, 'gold', 1_500_000)).toBe('gold');
  });

  it('gives a distributor without a grade the entry grade, and more when reached', () => {
    expect(gradeForSales(program, null, 0)).toBe('starter');
    expect(gradeForSales(program, 'unknown', 1_000_000)).toBe('silver');
    const noGrades = programSchema.parse({ levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 } });
    expect(gradeForSales(noGrades, null, 10_000_000)).toBeNull();
  });

  it('rejects bad sales', () => {
    expect(() => gradeForSales(program, null, 1.5)).toThrow(RuleError);
  });
});
