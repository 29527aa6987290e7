import { describe, expect, it } from 'vitest';
import { RuleError } from '../errors';
import { programSchema, type Program } from '../schema/program';
import { compileProgram } from './compile';

const program = programSchema.parse({
  levels: 2,
  defaultRates: { level1Bps: 1000, level2Bps: 300 },
  rules: [
    { id: 'any', level1: { percentBps: 1 } },
    { id: 'cat', when: { category: ['tea', 'coffee'] }, level1: { percentBps: 2 } },
    { id: 'sku', when: { sku: ['A', 'B', 'A'] }, level1: { percentBps: 3 } },
    { id: 'urgent', priority: 5, when: { region: ['north'] }, level1: { percentBps: 4 } },
    { id: 'late', priority: -1, when: { sku: ['A'], from: '2026-01-01T08:00:00+08:00', until: '2026-01-31T12:00:00Z' }, level1: { percentBps: 5 } },
  ],
});

describe('compileProgram', () => {
  it('indexes rules by sku and category in precedence order', () => {
    const compiled = compileProgram(program);
    expect(compiled.bySku.get('A')?.map((r) => r.id)).toEqual(['sku', 'late']);
    expect(compiled.bySku.get('B')?.map((r) => r.id)).toEqual(['sku']);
    expect(compiled.byCategory.get('coffee')?.map((r) => r.id)).toEqual(['cat']);
    expect(compiled.anyLine.map((r) => r.id)).toEqual(['urgent', 'any']);
    // priority 5 first, then sku > category > any at priority 0, then priority −1
    const ranks = Object.fromEntries([...compiled.anyLine, ...compiled.bySku.get('A')!, ...compiled.byCategory.get('tea')!].map((r) => [r.id, r.rank]));
    expect(ranks).toEqual({ urgent: 0, sku: 1, cat: 2, any: 3, late: 4 });
    expect(compiled.gradeSensitive).toBe(false);
  });

  it('turns date ranges into instants, an inclusive end for timestamps', () => {
    const late = compileProgram(program).bySku.get('A')![1]!;
    expect(late.fromMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(late.untilMs).toBe(Date.parse('2026-01-31T12:00:00Z') + 1);
    const any = compileProgram(program).anyLine[1]!;
    expect([any.fromMs, any.untilMs]).toEqual([-Infinity, Infinity]);
  });

  it('is cached per program object', () => {
    expect(compileProgram(program)).toBe(compileProgram(program));
    const copy = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 } });
    expect(compileProgram(copy)).not.toBe(compileProgram(program));
  });

  it('refuses a program that skipped validation and holds a bad date', () => {
    const bad = { ...program, rules: [{ id: 'x', when: { from: 'yesterday' }, level1: { percentBps: 1 } }] } as Program;
    expect(() => compileProgram(bad)).toThrow(RuleError);
    expect(() => compileProgram(bad)).toThrow('rule "x": "yesterday" is not a valid date');
  });
});
