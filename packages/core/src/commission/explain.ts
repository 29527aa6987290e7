import type { Rate } from '../schema/program';
import type { CapExplanation, LineExplanation } from './types';

/** An exact amount in 1/10 000 minor units, written in minor units: 17598000 → "1759.8". */
export function formatExact(exact: number): string {
  const fraction = exact % 10_000;
  const whole = (exact - fraction) / 10_000;
  if (fraction === 0) return `${whole}`;
  // 120 → "012": four decimal places, trailing zeros dropped.
  let digits = fraction;
  let places = 4;
  while (digits % 10 === 0) {
    digits /= 10;
    places--;
  }
  const text = `${digits}`;
  return `${whole}.${'0'.repeat(places - text.length)}${text}`;
}

/** A basis-point rate as a percentage: 1250 → "12.5%". */
export function formatBps(bps: number): string {
  return `${formatExact(bps * 100)}%`;
}

/** A rate in words: "10%", "150 per unit", or "150 per unit (USD 120)" for amounts in other currencies. */
export function formatRate(rate: Rate): string {
  if ('percentBps' in rate) return formatBps(rate.percentBps);
  const others = Object.entries(rate.fixedPerUnitByCurrency ?? {}).map(([code, amount]) => `${code} ${amount}`);
  if (!('fixedPerUnit' in rate)) return `${others.join(', ')} per unit`;
  return others.length === 0 ? `${rate.fixedPerUnit} per unit` : `${rate.fixedPerUnit} per unit (${others.join(', ')})`;
}

/** Inputs of a level's one-line summary. */
export interface SummaryInput {
  level: 1 | 2;
  distributorId: string;
  amount: number;
  lines: readonly LineExplanation[];
  exact: number;
  cap: CapExplanation | null;
}

const PREFIX = ['', 'Level 1: ', 'Level 2: '];
const ROUNDED = ', rounded once half to even.';
/** How-the-lines-were-rated phrases, by grade and packed counts: few distinct values recur across orders. */
const phrases = new Map<string, Map<number, string>>();
/** At most 64 grades × 1024 phrases (a few MB) are kept. */
const CACHED_GRADES = 64;
const CACHED_PER_GRADE = 1024;

const linesPhrase = (lines: number, byRule: number, byGrade: number, gradeId: string | null, excluded: number): string => {
  const graded = gradeId === null ? '' : `, ${byGrade} at grade ${gradeId} rates`;
  const byDefault = lines - byRule - byGrade - excluded;
  return ` over ${lines} line${lines === 1 ? '' : 's'} (${byRule} by rule${graded}, ${byDefault} at default rates, ${excluded} excluded)`;
};

const cachedLinesPhrase = (lines: number, byRule: number, byGrade: number, gradeId: string | null, excluded: number): string => {
  if (lines >= 1024) return linesPhrase(lines, byRule, byGrade, gradeId, excluded);
  const key = ((lines * 1024 + byRule) * 1024 + byGrade) * 1024 + excluded;
  let byKey = phrases.get(gradeId ?? '');
  if (byKey === undefined) {
    if (phrases.size >= CACHED_GRADES) return linesPhrase(lines, byRule, byGrade, gradeId, excluded);
    byKey = new Map();
    phrases.set(gradeId ?? '', byKey);
  }
  let phrase = byKey.get(key);
  if (phrase === undefined) {
    phrase = linesPhrase(lines, byRule, byGrade, gradeId, excluded);
    if (byKey.size < CACHED_PER_GRADE) byKey.set(key, phrase);
  }
  return phrase;
};

/**
 * One English sentence telling a distributor why they earned what they did.
 * It names counts and totals only, so it does not depend on line order (the
 * lines themselves say which rule gave which rate).
 *
 * @example
 * // "Level 1: 900 minor units to distributor d1, exact 899.85 over 2 lines
 * //  (1 by rule, 1 at grade gold rates, 0 at default rates, 0 excluded), rounded once half to even."
 */
export function summarize(input: SummaryInput): string {
  const { level, distributorId, amount, lines, exact, cap } = input;
  let byRule = 0;
  let excluded = 0;
  let gradeId: string | null = null;
  let byGrade = 0;
  for (const line of lines) {
    if (line.excluded) excluded++;
    else if (line.source.kind === 'rule') byRule++;
    else if (line.source.kind === 'grade') {
      byGrade++;
      gradeId = line.source.gradeId;
    }
  }
  let how = cachedLinesPhrase(lines.length, byRule, byGrade, gradeId, excluded);
  let noAmount = 0;
  let noAmountIn = '';
  for (const line of lines) {
    if (line.noAmountIn !== undefined) {
      noAmount++;
      noAmountIn = line.noAmountIn;
    }
  }
  if (noAmount > 0) how += `; ${noAmount} line${noAmount === 1 ? '' : 's'} earned nothing: the fixed rate has no amount in ${noAmountIn}`;
  const text = `${PREFIX[level]}${amount} minor units to distributor ${distributorId}, exact ${formatExact(exact)}${how}`;
  if (cap === null) return text + ROUNDED;
  return `${text}, held to the ${formatBps(cap.capBps)} cap (${formatExact(cap.capExact)} of ${formatExact(cap.uncappedExact)} for both levels)${ROUNDED}`;
}
