import type { CompiledProgram, CompiledRule } from './compile';

/** What a rule can look at besides the line: the same for every line of one order. */
export interface MatchContext {
  readonly region: string | undefined;
  readonly customer: 'new' | 'returning';
  readonly placedMs: number;
}

const EMPTY: readonly CompiledRule[] = [];

const matches = (
  rule: CompiledRule,
  category: string | undefined,
  context: MatchContext,
  grade: string | null,
): boolean =>
  (rule.categories === null || (category !== undefined && rule.categories.has(category))) &&
  (rule.regions === null || (context.region !== undefined && rule.regions.has(context.region))) &&
  (rule.customer === null || rule.customer === context.customer) &&
  context.placedMs >= rule.fromMs &&
  context.placedMs < rule.untilMs &&
  (rule.grades === null || (grade !== null && rule.grades.has(grade)));

/**
 * The first rule, in precedence order, that matches a line for the
 * distributor of one level (whose `grade` a rule may ask for), or `null`.
 *
 * Only the rules indexed under the line's sku and category, and those that
 * name neither, are looked at: the three lists are each in precedence order,
 * and are walked together by rank like a merge.
 */
export function selectRule(
  compiled: CompiledProgram,
  sku: string,
  category: string | undefined,
  context: MatchContext,
  grade: string | null,
): CompiledRule | null {
  const bySku = compiled.bySku.get(sku) ?? EMPTY;
  const byCategory = category === undefined ? EMPTY : (compiled.byCategory.get(category) ?? EMPTY);
  const anyLine = compiled.anyLine;
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
      return null;
    }
    if (matches(next, category, context, grade)) return next;
  }
}
