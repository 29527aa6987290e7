import { RuleError } from '../errors';
import type { Program, Rate } from '../schema/program';
import { roundLevels } from './cap';
import type { CurrencyContext } from './currency-amounts';
import { compileProgram, fallbackFor } from './compile';
import { summarize } from './explain';
import { computeOrderBases } from './line-bases';
import { selectRules, type MatchContext, type SelectedRules } from './select-rule';
import type {
  ChainMember,
  CommissionEvaluation,
  CommissionOrder,
  DistributorChain,
  LevelCommission,
  LineExplanation,
} from './types';

const checkMember = (member: ChainMember | null, level: 1 | 2): void => {
  if (member === null) return;
  if (typeof member !== 'object' || typeof member.id !== 'string' || member.id === '') {
    throw new RuleError('invalid_chain', `level ${level} distributor must have a non-empty id`);
  }
};

/** Who is paid at each level, and why the others are not. */
const eligibleLevels = (chain: DistributorChain, program: Program) => {
  checkMember(chain.level1, 1);
  checkMember(chain.level2, 2);
  const notPaid: CommissionEvaluation['notPaid'] = [];
  const l1 = chain.level1;
  const l2 = chain.level2;
  if (l1 === null) {
    notPaid.push({ level: 1, reason: 'no distributor: the order is organic' });
    notPaid.push({ level: 2, reason: 'no level-1 distributor, so no parent to pay' });
    return { paid: [] as ChainMember[], notPaid };
  }
  if (l1.status !== 'active') {
    notPaid.push({ level: 1, reason: `distributor ${l1.id} is ${l1.status}, not active` });
    notPaid.push({ level: 2, reason: `distributor ${l1.id} is ${l1.status}: nothing passes up to the parent` });
    return { paid: [] as ChainMember[], notPaid };
  }
  const paid = [l1];
  if (program.levels === 1) notPaid.push({ level: 2, reason: 'the program pays one level only' });
  else if (l2 === null) notPaid.push({ level: 2, reason: `distributor ${l1.id} has no parent` });
  else if (l2.status !== 'active') notPaid.push({ level: 2, reason: `parent ${l2.id} is ${l2.status}, not active` });
  else if (l2.id === l1.id) notPaid.push({ level: 2, reason: `distributor ${l1.id} cannot be their own parent` });
  else paid.push(l2);
  return { paid, notPaid };
};

/**
 * A fixed rate's amount per unit in the order's currency: `fixedPerUnitByCurrency`
 * for it, else `fixedPerUnit` when the order is in the default currency (or no
 * currency was given); `null` when the rate has none. Never converted.
 */
export function fixedAmountIn(rate: Exclude<Rate, { percentBps: number }>, currency: CurrencyContext | undefined): number | null {
  const own = currency === undefined ? undefined : rate.fixedPerUnitByCurrency?.[currency.currency];
  if (own !== undefined) return own;
  const isDefault = currency === undefined || currency.currency === currency.defaultCurrency;
  return isDefault && 'fixedPerUnit' in rate ? rate.fixedPerUnit : null;
}

/** The rate as applied to a line of this order: a fixed rate as its amount in the order's currency, or `null` (with the currency) when it has none. */
const applied = (rate: Rate, currency: CurrencyContext | undefined): { rate: Rate | null; noAmountIn?: string } => {
  if ('percentBps' in rate) return { rate };
  const amount = fixedAmountIn(rate, currency);
  if (amount === null) return { rate: null, noAmountIn: currency?.currency ?? 'the default currency' };
  return { rate: 'fixedPerUnitByCurrency' in rate ? { fixedPerUnit: amount } : rate };
};

const lineExact = (rate: Rate, base: number, quantity: number): number =>
  // A free or fully discounted line is no paid sale: even a fixed rate earns nothing on it.
  base === 0 ? 0 : 'percentBps' in rate ? base * rate.percentBps : quantity * (fixedAmountIn(rate, undefined) ?? 0) * 10_000;

/**
 * Computes the level-1 and level-2 commissions of one order.
 *
 * Per line and level the first matching rule applies (higher `priority`
 * first, then sku > category > any, then definition order). A matching rule
 * without a rate for that level falls through to the earner's grade rates,
 * then the program defaults, for that level only; an exclusion that matches
 * for the level-1 distributor removes the line from both levels. A level's
 * exact sum (1/10 000 minor units) is rounded once, half to even; the cap,
 * when set, scales both levels down together. Only active distributors earn,
 * a suspended level-1 distributor passes nothing up, and nothing goes beyond
 * level 2.
 *
 * `currency` is the order's currency and the shop's default: a fixed rate is
 * an amount of one currency (`fixedPerUnit` in the default one,
 * `fixedPerUnitByCurrency` in others), and a line in a currency the rate has
 * no amount for earns nothing from it (`noAmountIn` on the line, and the
 * summary says so). Without it the order is taken to be in the default
 * currency.
 *
 * @throws RuleError on an invalid order or chain, or amounts too large to compute exactly.
 * @example
 * const result = evaluateCommissions(
 *   { items: [{ sku: 'TEA', quantity: 1, unitPrice: 3998 }], placedAt: new Date(), customer: 'new' },
 *   { level1: { id: 'd1', status: 'active' }, level2: null },
 *   programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 } }),
 * );
 * result.commissions[0]?.amount; // 400 (399.8 rounded)
 */
export function evaluateCommissions(order: CommissionOrder, chain: DistributorChain, program: Program, currency?: CurrencyContext): CommissionEvaluation {
  const compiled = compileProgram(program);
  const { lineBases, base, totalPaid } = computeOrderBases(order);
  const placedMs = order.placedAt instanceof Date ? order.placedAt.getTime() : Number.NaN;
  if (Number.isNaN(placedMs)) throw new RuleError('invalid_order', 'placedAt must be a valid Date');
  if (order.customer !== 'new' && order.customer !== 'returning') {
    throw new RuleError('invalid_order', `customer must be "new" or "returning", got ${String(order.customer)}`);
  }
  const { paid, notPaid } = eligibleLevels(chain, program);
  if (paid.length === 0) return { base, totalPaid, lineBases, commissions: [], notPaid };

  const items = order.items;
  const l1 = paid[0] as ChainMember;
  const l2 = paid[1];
  const grade1 = l1.grade ?? null;
  const grade2 = l2?.grade ?? null;
  const context: MatchContext = { region: order.region, customer: order.customer, placedMs, grade1, grade2 };
  // Without grade conditions both levels pick the same rule: one lookup serves both.
  const bothLevels = l2 !== undefined && compiled.gradeSensitive;
  const selected: SelectedRules = { level1: null, level2: null };
  const fallback1 = fallbackFor(compiled, 1, grade1);
  const fallback2 = fallbackFor(compiled, 2, grade2);
  const lines1: LineExplanation[] = [];
  const lines2: LineExplanation[] = [];
  let exact1 = 0;
  let exact2 = 0;

  for (let i = 0; i < items.length; i++) {
    const line = items[i]!;
    const lineBase = lineBases[i]!;
    selectRules(compiled, line.sku, line.category, context, bothLevels, selected);
    const rule1 = selected.level1;
    const excluded = rule1 !== null && rule1.exclude;
    let source = fallback1.source;
    let given: Rate | null = fallback1.rate;
    if (rule1 !== null && (excluded || rule1.level1 !== null)) {
      source = rule1.source;
      given = excluded ? null : rule1.level1;
    }
    let { rate, noAmountIn } = given === null ? { rate: null, noAmountIn: undefined } : applied(given, currency);
    const e1 = rate === null ? 0 : lineExact(rate, lineBase, line.quantity);
    exact1 += e1;
    lines1.push({ line: i, sku: line.sku, quantity: line.quantity, base: lineBase, source, rate, excluded, exact: e1, ...(noAmountIn === undefined ? {} : { noAmountIn }) });
    if (l2 === undefined) continue;

    const rule2 = bothLevels ? selected.level2 : rule1;
    const excluded2 = excluded || (rule2 !== null && rule2.exclude);
    source = fallback2.source;
    given = fallback2.rate;
    if (excluded) {
      source = rule1.source;
      given = null;
    } else if (rule2 !== null && (excluded2 || rule2.level2 !== null)) {
      source = rule2.source;
      given = excluded2 ? null : rule2.level2;
    }
    ({ rate, noAmountIn } = given === null ? { rate: null, noAmountIn: undefined } : applied(given, currency));
    const e2 = rate === null ? 0 : lineExact(rate, lineBase, line.quantity);
    exact2 += e2;
    lines2.push({ line: i, sku: line.sku, quantity: line.quantity, base: lineBase, source, rate, excluded: excluded2, exact: e2, ...(noAmountIn === undefined ? {} : { noAmountIn }) });
  }

  const exacts = l2 === undefined ? [exact1] : [exact1, exact2];
  if (!Number.isSafeInteger(exact1 + exact2)) {
    throw new RuleError('amount_too_large', 'the commission of this order is too large to compute exactly');
  }
  const { levels, cap } = roundLevels(exacts, base, program.capBps);
  const commissions: LevelCommission[] = levels.map((amounts, index) => {
    const level = (index + 1) as 1 | 2;
    const member = index === 0 ? l1 : l2!;
    const lines = index === 0 ? lines1 : lines2;
    const exact = exacts[index]!;
    const commission: LevelCommission = {
      level,
      distributorId: member.id,
      amount: amounts.amount,
      exactNumerator: amounts.exactNumerator,
      exactDenominator: amounts.exactDenominator,
      lines,
      cap,
      summary: summarize({ level, distributorId: member.id, amount: amounts.amount, lines, exact, cap }),
    };
    if (!amounts.exactIsExact) commission.exactApproximate = true;
    return commission;
  });
  return { base, totalPaid, lineBases, commissions, notPaid };
}
