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

/** A rate in words: "10%" or "150 per unit". */
export function formatRate(rate: Rate): string {
  return 'percentBps' in rate ? formatBps(rate.percentBps) : `${rate.fixedPerUnit} per unit`;
}

/** Inputs of a level's one-line summary. */
export interface SummaryInput {
  level: 1 | 2;
  distributorId: string;
  amount: number;
  base: number;
  lines: readonly LineExplanation[];
  exact: number;
  cap: CapExplanation | null;
}

/**
 * One English sentence telling a distributor why they earned what they did.
 * It names counts and totals only, so it does not depend on line order (the
 * lines themselves say which rule gave which rate).
 */
export function summarize(input: SummaryInput): string {
  const { level, distributorId, amount, base, lines, exact, cap } = input;
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
  const byDefault = lines.length - byRule - excluded - byGrade;
  const graded = gradeId === null ? '' : `, ${byGrade} at grade ${gradeId} rates`;
  let text = `Level ${level}: ${amount} minor units to distributor ${distributorId} on a base of ${base} over ${lines.length} line${lines.length === 1 ? '' : 's'} (${byRule} by rule${graded}, ${byDefault} at default rates, ${excluded} excluded); exact ${formatExact(exact)}`;
  if (cap !== null) {
    text += `, scaled by the ${formatBps(cap.capBps)} cap (${formatExact(cap.capExact)} of ${formatExact(cap.uncappedExact)} for both levels)`;
  }
  return `${text}, rounded once half to even.`;
}
