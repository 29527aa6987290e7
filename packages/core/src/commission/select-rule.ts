import type { CompiledProgram, CompiledRule } from './compile';

/** What a rule can look at besides the line and the grade: the same for every line of one order. */
export interface MatchContext {
  readonly region: string | undefined;
  readonly customer: 'new' | 'returning';
  readonly placedMs: number;
  /** Grade of the level-1 distributor, and of the parent when level 2 is paid. */
  readonly grade1: string | null;
  readonly grade2: string | null;
}

/** The first matching rule for each level of one line (`null`: none matched). */
export interface SelectedRules {
  level1: CompiledRule | null;
  level2: CompiledRule | null;
}

const EMPTY: readonly CompiledRule[] = [];

/** Every condition except the grade, which depends on the level. */
const matchesLine = (rule: CompiledRule, category: string | undefined, context: MatchContext): boolean =>
  (rule.categories === null || (category !== undefined && rule.categories.has(category))) &&
  (rule.regions === null || (context.region !== undefined && rule.regions.has(context.region))) &&
  (rule.customer === null || rule.customer === context.customer) &&
  context.placedMs >= rule.fromMs &&
  context.placedMs < rule.untilMs;

const matchesGrade = (rule: CompiledRule, grade: string | null): boolean =>
  rule.grades === null || (grade !== null && rule.grades.has(grade));

/**
 * The first rule, in precedence order, that matches a line at level 1 and,
 * when `bothLevels`, at level 2 (a rule may ask for the grade of the
 * distributor receiving that level). Writes into `out` and returns it.
 *
 * Only the rules indexed under the line's sku and category, and those that
 * name neither, are looked at: the three lists are each in precedence order,
 * and are walked together by rank like a merge, once for both levels.
 */
export function selectRules(
  compiled: CompiledProgram,
  sku: string,
  category: string | undefined,
  context: MatchContext,
  bothLevels: boolean,
  out: SelectedRules,
): SelectedRules {
  const bySku = compiled.bySku.get(sku) ?? EMPTY;
  const byCategory = category === undefined ? EMPTY : (compiled.byCategory.get(category) ?? EMPTY);
  const anyLine = compiled.anyLine;
  let first: CompiledRule | null = null;
  let second: CompiledRule | null = null;
  let i = 0;
  let j = 0;
  let k = 0;
  for (;;) {
    const a = bySku[i];
    const b = byCategory[j];
    const c = anyLine[k];
    let next: CompiledRule;
    if (a !== undefined && (b === undefined || a.rank < b.rank) && (c === undefined || a.rank < c.rank)) {
      next = a;
      i++;
    } else if (b !== undefined && (c === undefined || b.rank < c.rank)) {
      next = b;
      j++;
    } else if (c !== undefined) {
      next = c;
      k++;
    } else {
      break;
    }
    if (!matchesLine(next, category, context)) continue;
    if (first === null && matchesGrade(next, context.grade1)) first = next;
    if (bothLevels && second === null && matchesGrade(next, context.grade2)) second = next;
    if (first !== null && (second !== null || !bothLevels)) break;
  }
  out.level1 = first;
  out.level2 = second;
  return out;
}
