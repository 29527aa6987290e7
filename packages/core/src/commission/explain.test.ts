import { describe, expect, it } from 'vitest';
import { formatBps, formatExact, formatRate, summarize } from './explain';
import type { LineExplanation } from './types';

describe('explanation formatting', () => {
  it.each([
    [17_598_000, '1759.8'],
    [10_000, '1'],
    [1, '0.0001'],
    [0, '0'],
    [12_345, '1.2345'],
  ])('formatExact(%d) = %s', (exact, text) => expect(formatExact(exact)).toBe(text));

  it('writes rates for people', () => {
    expect(formatBps(1250)).toBe('12.5%');
    expect(formatBps(1)).toBe('0.01%');
    expect(formatRate({ percentBps: 1000 })).toBe('10%');
    expect(formatRate({ fixedPerUnit: 150 })).toBe('150 per unit');
  });
});

describe('summarize', () => {
  const line = (excluded: boolean, source: LineExplanation['source']): LineExplanation => ({
    line: 0, sku: 'A', quantity: 1, base: 100, source, rate: excluded ? null : { percentBps: 100 }, excluded, exact: 10_000,
  });

  it('counts how the lines were rated, the same for any line order and from the cache', () => {
    const lines = [line(false, { kind: 'rule', ruleId: 'r' }), line(true, { kind: 'rule', ruleId: 'x' }), line(false, { kind: 'grade', gradeId: 'gold' }), line(false, { kind: 'default' })];
    const text = summarize({ level: 2, distributorId: 'p1', amount: 3, lines, exact: 30_000, cap: null });
    expect(text).toBe('Level 2: 3 minor units to distributor p1, exact 3 over 4 lines (1 by rule, 1 at grade gold rates, 1 at default rates, 1 excluded), rounded once half to even.');
    expect(summarize({ level: 2, distributorId: 'p1', amount: 3, lines: [...lines].reverse(), exact: 30_000, cap: null })).toBe(text);
  });

  it('writes very long orders without the cache', () => {
    const lines = Array.from({ length: 1500 }, () => line(false, { kind: 'default' }));
    expect(summarize({ level: 1, distributorId: 'd1', amount: 1500, lines, exact: 15_000_000, cap: null })).toBe(
      'Level 1: 1500 minor units to distributor d1, exact 1500 over 1500 lines (0 by rule, 1500 at default rates, 0 excluded), rounded once half to even.',
    );
  });

  it('stops caching phrases past its limits and still writes them', () => {
    for (let n = 1; n <= 1030; n++) {
      const many = Array.from({ length: n }, () => line(false, { kind: 'rule', ruleId: 'r' }));
      expect(summarize({ level: 1, distributorId: 'd', amount: 1, lines: many, exact: 10_000, cap: null })).toContain(`(${n} by rule, 0 at default`);
    }
    for (let g = 0; g < 70; g++) {
      const text = summarize({ level: 1, distributorId: 'd', amount: 1, lines: [line(false, { kind: 'grade', gradeId: `g${g}` })], exact: 10_000, cap: null });
      expect(text).toContain(`1 at grade g${g} rates`);
    }
  });
});
