import { describe, expect, it } from 'vitest';
import { codedIssue } from './issue-code';
import { programSchema, rateSchema, ruleSchema } from './program';

const minimal = { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 } };

const messages = (input: unknown): string[] => {
  const result = programSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('programSchema', () => {
  it('rejects a third level with a message that says why', () => {
    const result = programSchema.safeParse({ ...minimal, levels: 3 });
    expect(result.success).toBe(false);
    expect(messages({ ...minimal, levels: 3 })).toEqual([
      'levels: levels must be 1 or 2: twotier never pays a third level (deeper chains can be judged pyramid selling)',
      'levels: levels must be 1 or 2, not 3: twotier never pays a third level (deeper chains can be judged pyramid selling)',
    ]);
    expect(messages({ ...minimal, levels: 0 })).toEqual(['levels: levels must be 1 or 2: twotier never pays a third level (deeper chains can be judged pyramid selling)']);
  });

  it('refuses a third level as too_many_levels whatever else is wrong, so every caller answers it the same', () => {
    for (const input of [{ ...minimal, levels: 3 }, { levels: 7, defaultRates: { level1Bps: -1 } }, { levels: 2.5, rules: 'x' }]) {
      const result = programSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(codedIssue(result.error!.issues)).toEqual({
        code: 'too_many_levels',
        message: `levels must be 1 or 2, not ${input.levels}: twotier never pays a third level (deeper chains can be judged pyramid selling)`,
      });
    }
    // 1 or 2 missing or malformed is a plain validation failure
    for (const input of [{ ...minimal, levels: 0 }, { ...minimal, levels: '3' }, { defaultRates: minimal.defaultRates }, null, 'program']) {
      const result = programSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(codedIssue(result.error!.issues)).toBeNull();
    }
  });

  it('refuses a rule naming a grade the program does not define as unknown_grade, only when nothing else is wrong', () => {
    const grades = [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500 }];
    const rules = [
      { id: 'fine', when: { grade: ['gold'] }, level1: { percentBps: 1800 } },
      { id: 'typo', when: { grade: ['gold', 'glod'] }, level1: { percentBps: 1800 } },
    ];
    const result = programSchema.safeParse({ ...minimal, grades, rules });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path)).toEqual([['rules', 1, 'when', 'grade', 1]]);
    expect(codedIssue(result.error!.issues)).toEqual({ code: 'unknown_grade', message: 'rule "typo" names grade "glod", which the program does not define' });
    // beside another problem it is one issue of the list
    const both = programSchema.safeParse({ ...minimal, grades, rules: [...rules, { ...rules[0], id: 'fine' }] });
    expect(both.error!.issues.map((i) => i.message)).toEqual(['duplicate rule id "fine"', 'rule "typo" names grade "glod", which the program does not define']);
    expect(codedIssue(both.error!.issues)).toBeNull();
    // no grades at all: any named grade is unknown
    expect(codedIssue(programSchema.safeParse({ ...minimal, rules: [rules[0]] }).error!.issues)?.code).toBe('unknown_grade');
    expect(programSchema.safeParse({ ...minimal, grades, rules: [rules[0]] }).success).toBe(true);
  });

  it('refuses a second grade with the same id, and a currency\'s upgrade to a grade not defined', () => {
    const gold = { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500 };
    expect(messages({ ...minimal, grades: [gold, { ...gold, name: 'Gold 2' }] })).toEqual(['grades.1.id: duplicate grade id "gold"']);
    expect(messages({ ...minimal, grades: [gold], perCurrency: { USD: { upgradeAtSales: { platinum: 5000 } } } })).toEqual([
      'perCurrency.USD.upgradeAtSales.platinum: grade "platinum" is not defined in grades',
    ]);
  });

  it('applies the defaults of an unset program', () => {
    const program = programSchema.parse(minimal);
    expect(program).toEqual({
      ...minimal,
      rules: [],
      grades: [],
      attributionModel: 'last_click',
      attributionWindowDays: 30,
      binding: { mode: 'none', on: 'order', allowSteal: false },
      selfPurchase: 'block',
      holdDays: 14,
      capBps: null,
      minWithdrawal: 0,
      withdrawalFee: null,
      withdrawalLimit: null,
      joinPolicy: 'open',
      bonusPeriod: 'month',
      performanceBonus: [],
      teamBonus: [],
    });
    expect(programSchema.parse({ ...minimal, binding: { mode: 'days', days: 30 } }).binding).toEqual({
      mode: 'days',
      days: 30,
      on: 'order',
      allowSteal: false,
    });
  });

  it.each([
    [{ percentBps: 10.5 }, /whole number/],
    [{ percentBps: -1 }, /cannot be negative/],
    [{ percentBps: 10_001 }, /cannot exceed 10000/],
    [{ fixedPerUnit: 1.5 }, /whole number of minor units/],
    [{ fixedPerUnit: -150 }, /cannot be negative/],
    [{ percentBps: 1000, fixedPerUnit: 150 }, /exactly one of them/],
    [{}, /exactly one of them/],
    [{ percent: 10 }, /Unrecognized key/],
  ])('rejects the bad rate %j', (rate, message) => {
    const result = rateSchema.safeParse(rate);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toMatch(message);
    expect(programSchema.safeParse({ ...minimal, rules: [{ id: 'r', level1: rate }] }).success).toBe(false);
  });

  it('keeps a rate to its one field', () => {
    expect(rateSchema.parse({ percentBps: 1000 })).toEqual({ percentBps: 1000 });
    expect(rateSchema.parse({ fixedPerUnit: 150 })).toEqual({ fixedPerUnit: 150 });
  });

  it('rejects bad default rates with the path of the field', () => {
    expect(messages({ ...minimal, defaultRates: { level1Bps: 12.5, level2Bps: 0 } })).toEqual([
      'defaultRates.level1Bps: basis points must be a whole number (1 bp = 0.01%)',
    ]);
    expect(messages({ ...minimal, defaultRates: { level1Bps: 1000 } })[0]).toMatch(/^defaultRates.level2Bps/);
  });

  it('rejects a level-2 rate on a one-level program', () => {
    expect(messages({ levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 300 } })).toEqual([
      'defaultRates.level2Bps: a one-level program pays no level 2: set level2Bps to 0',
    ]);
    expect(programSchema.parse({ levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 } }).levels).toBe(1);
  });

  it('rejects duplicate rule and grade ids', () => {
    const grade = { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500 };
    expect(messages({ ...minimal, rules: [{ id: 'a', exclude: true }, { id: 'a', exclude: true }] })).toEqual([
      'rules.1.id: duplicate rule id "a"',
    ]);
    expect(messages({ ...minimal, grades: [grade, grade] })).toEqual(['grades.1.id: duplicate grade id "gold"']);
  });

  it('requires a rule to give a rate or exclude, not both', () => {
    expect(ruleSchema.safeParse({ id: 'r' }).error?.issues[0]?.message).toBe(
      'a rule must give level1 and/or level2 rates, or exclude: true',
    );
    expect(ruleSchema.safeParse({ id: 'r', exclude: true, level1: { percentBps: 1 } }).error?.issues[0]?.message).toBe(
      'an excluding rule gives no rates',
    );
    expect(ruleSchema.safeParse({ id: 'r', level2: { fixedPerUnit: 100 } }).success).toBe(true);
  });

  it('checks rule date ranges', () => {
    const rule = (from: string, until: string) => ({ id: 'r', when: { from, until }, level1: { percentBps: 1 } });
    expect(ruleSchema.safeParse(rule('2026-11-11', '2026-11-11')).success).toBe(true);
    expect(ruleSchema.safeParse(rule('2026-11-11T23:59:59Z', '2026-11-11')).success).toBe(true);
    expect(ruleSchema.safeParse(rule('2026-11-12', '2026-11-11')).error?.issues[0]?.message).toBe(
      'when.from must not be after when.until',
    );
    expect(ruleSchema.safeParse(rule('2026-13-40', '2026-11-11')).success).toBe(false);
    expect(ruleSchema.safeParse({ id: 'r', when: { sku: [] }, level1: { percentBps: 1 } }).success).toBe(false);
  });

  it('requires a bonus tier to give exactly one of bonusBps and amount', () => {
    const tier = (extra: object) => ({ ...minimal, performanceBonus: [{ threshold: 100_000, ...extra }] });
    expect(programSchema.safeParse(tier({ bonusBps: 100 })).success).toBe(true);
    expect(programSchema.safeParse(tier({ amount: 5000 })).success).toBe(true);
    expect(messages(tier({}))).toEqual([
      'performanceBonus.0: a bonus tier gives either bonusBps or a fixed amount, not both and not neither',
    ]);
    expect(messages(tier({ bonusBps: 100, amount: 5000 }))).toHaveLength(1);
  });

  it('rejects unknown keys and a cap out of range', () => {
    expect(programSchema.safeParse({ ...minimal, level3Bps: 100 }).success).toBe(false);
    expect(programSchema.safeParse({ ...minimal, capBps: 10_001 }).success).toBe(false);
    expect(programSchema.parse({ ...minimal, capBps: 3000 }).capBps).toBe(3000);
  });
});

describe('rule match lists are bounded', () => {
  it('refuses a 60 KB sku and more than 1000 values, accepts ordinary lists', () => {
    const base = { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 } } as const;
    const rule = (when: object) => ({ ...base, rules: [{ id: 'r', when, level1: { percentBps: 500 } }] });
    expect(programSchema.safeParse(rule({ sku: ['x'.repeat(60_000)] })).success).toBe(false);
    expect(programSchema.safeParse(rule({ category: Array.from({ length: 1001 }, (_, i) => `c${i}`) })).success).toBe(false);
    expect(programSchema.safeParse(rule({ sku: ['TEA-1', 'TEA-2'], region: ['Zhejiang'] })).success).toBe(true);
  });
});
