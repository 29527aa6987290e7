import type { Rate } from '../schema/program';
import type { CapExplanation, LineExplanation } from './types';

/** An exact amount in 1/10 000 minor units, written in minor units: 17598000 → "1759.8". */
export function formatExact(exact: number): string {
  const whole = Math.floor(exact / 10_000);
  const fraction = exact - whole * 10_000;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(4, '0').replace(/0+$/, '')}`;
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
 * It names counts and totals only, so it does not depend on line order.
 */
export function summarize(input: SummaryInput): string {
  const { level, distributorId, amount, base, lines, exact, cap } = input;
  let ruled = 0;
  let excluded = 0;
  const sources = new Set<string>();
  for (const line of lines) {
    if (line.excluded) excluded++;
    else if (line.source.kind === 'rule') ruled++;
    sources.add(line.source.kind === 'rule' ? `rule ${line.source.ruleId}` : line.source.kind === 'grade' ? `grade ${line.source.gradeId}` : 'default rates');
  }
  const parts = [
    `Level ${level}: ${amount} minor units to distributor ${distributorId}`,
    `on a base of ${base} over ${lines.length} line${lines.length === 1 ? '' : 's'}`,
  ];
  let text = `${parts.join(' ')} (${[...sources].sort().join(', ')}; ${ruled} by rule, ${excluded} excluded); exact ${formatExact(exact)}`;
  if (cap !== null) {
    text += `, scaled by the ${formatBps(cap.capBps)} cap (${formatExact(cap.capExact)} of ${formatExact(cap.uncappedExact)} for both levels)`;
  }
  return `${text}, rounded once half to even.`;
}
