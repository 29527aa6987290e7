import type { Grade, Program, Rate, Rule } from '../schema/program';
import { RuleError } from '../errors';
import type { RateSource } from './types';

/** How specific a rule is: a sku rule (2) beats a category rule (1) beats one that matches any line (0). */
export type Specificity = 0 | 1 | 2;

/** A rule made ready for fast matching. */
export interface CompiledRule {
  readonly id: string;
  /** This rule as the source of a line's rate (one shared, frozen object). */
  readonly source: RateSource;
  /** Position in precedence order: lower is tried first. */
  readonly rank: number;
  readonly specificity: Specificity;
  readonly exclude: boolean;
  readonly level1: Rate | null;
  readonly level2: Rate | null;
  /** `null` means "any". */
  readonly categories: ReadonlySet<string> | null;
  readonly regions: ReadonlySet<string> | null;
  readonly grades: ReadonlySet<string> | null;
  readonly customer: 'new' | 'returning' | null;
  /** Inclusive start, epoch ms; `-Infinity` when open. */
  readonly fromMs: number;
  /** Exclusive end, epoch ms; `Infinity` when open. */
  readonly untilMs: number;
}

/** The rate a level uses when no rule gives one, and where it came from (shared, frozen). */
export interface Fallback {
  readonly source: RateSource;
  readonly rate: Rate;
}

/** A program indexed for evaluation. Build it with {@link compileProgram}. */
export interface CompiledProgram {
  readonly program: Program;
  /** Rules naming a sku, by sku, in precedence order. */
  readonly bySku: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules naming a category but no sku, by category, in precedence order. */
  readonly byCategory: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules naming neither, in precedence order. */
  readonly anyLine: readonly CompiledRule[];
  readonly grades: ReadonlyMap<string, Grade>;
  /** Per level (index 0 = level 1): the grade rates by grade id, and the program defaults. */
  readonly gradeFallbacks: readonly [ReadonlyMap<string, Fallback>, ReadonlyMap<string, Fallback>];
  readonly defaultFallbacks: readonly [Fallback, Fallback];
  /** Whether any rule looks at the distributor's grade (else both levels pick the same rule). */
  readonly gradeSensitive: boolean;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const parseInstant = (text: string, ruleId: string, end: boolean): number => {
  const dateOnly = DATE_ONLY.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) {
    throw new RuleError('invalid_program', `rule "${ruleId}": "${text}" is not a valid date`);
  }
  // A date-only `until` covers that whole UTC day; a full timestamp is inclusive to the millisecond.
  if (end) return dateOnly ? ms + DAY_MS : ms + 1;
  return ms;
};

const specificityOf = (rule: Rule): Specificity =>
  rule.when?.sku !== undefined ? 2 : rule.when?.category !== undefined ? 1 : 0;

const toSet = (list: readonly string[] | undefined): ReadonlySet<string> | null =>
  list === undefined ? null : new Set(list);

const compileRule = (rule: Rule, rank: number): CompiledRule => {
  const when = rule.when ?? {};
  return {
    id: rule.id,
    source: Object.freeze({ kind: 'rule', ruleId: rule.id }),
    rank,
    specificity: specificityOf(rule),
    exclude: rule.exclude === true,
    level1: rule.level1 ?? null,
    level2: rule.level2 ?? null,
    categories: toSet(when.category),
    regions: toSet(when.region),
    grades: toSet(when.grade),
    customer: when.customer ?? null,
    fromMs: when.from === undefined ? -Infinity : parseInstant(when.from, rule.id, false),
    untilMs: when.until === undefined ? Infinity : parseInstant(when.until, rule.id, true),
  };
};


const push = (map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else if (list[list.length - 1] !== rule) list.push(rule);
};

const fallback = (source: RateSource, percentBps: number): Fallback =>
  Object.freeze({ source: Object.freeze(source), rate: Object.freeze({ percentBps }) });

/**
 * The rate a level falls back to: the earner's grade when the program has
 * that grade, else the program's default rates.
 */
export function fallbackFor(compiled: CompiledProgram, level: 1 | 2, gradeId: string | null | undefined): Fallback {
  const byGrade = gradeId == null ? undefined : compiled.gradeFallbacks[level - 1]?.get(gradeId);
  return byGrade ?? (compiled.defaultFallbacks[level - 1] as Fallback);
}

const cache = new WeakMap<Program, CompiledProgram>();

/**
 * Indexes a program's rules by sku and by category, in precedence order
 * (higher `priority` first, then sku > category > any, then definition
 * order), so each line looks up only the rules that can apply to it.
 *
 * The result is cached per program object: call it freely with the same
 * program, and treat programs as immutable once evaluated.
 *
 * @example
 * const compiled = compileProgram(program);
 * compiled.bySku.get('TEA-01'); // rules naming TEA-01, best first
 */
export function compileProgram(program: Program): CompiledProgram {
  const cached = cache.get(program);
  if (cached !== undefined) return cached;

  const ordered = program.rules
    .map((rule, index) => ({ rule, index, priority: rule.priority ?? 0, specificity: specificityOf(rule) }))
    .sort((a, b) => b.priority - a.priority || b.specificity - a.specificity || a.index - b.index);

  const bySku = new Map<string, CompiledRule[]>();
  const byCategory = new Map<string, CompiledRule[]>();
  const anyLine: CompiledRule[] = [];
  ordered.forEach(({ rule }, rank) => {
    const compiled = compileRule(rule, rank);
    if (rule.when?.sku !== undefined) for (const sku of rule.when.sku) push(bySku, sku, compiled);
    else if (rule.when?.category !== undefined) for (const category of rule.when.category) push(byCategory, category, compiled);
    else anyLine.push(compiled);
  });

  const compiled: CompiledProgram = {
    program,
    bySku,
    byCategory,
    anyLine,
    grades: new Map(program.grades.map((g) => [g.id, g])),
    gradeFallbacks: [
      new Map(program.grades.map((g) => [g.id, fallback({ kind: 'grade', gradeId: g.id }, g.level1Bps)])),
      new Map(program.grades.map((g) => [g.id, fallback({ kind: 'grade', gradeId: g.id }, g.level2Bps)])),
    ],
    defaultFallbacks: [
      fallback({ kind: 'default' }, program.defaultRates.level1Bps),
      fallback({ kind: 'default' }, program.defaultRates.level2Bps),
    ],
    gradeSensitive: program.rules.some((r) => r.when?.grade !== undefined),
  };
  cache.set(program, compiled);
  return compiled;
}
