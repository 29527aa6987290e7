import type { ProgramInput } from '@twotier/core/schema';
import { decimalOf, minorDigits } from './format';

/** A rule as the editor holds it: text fields, converted on every change. */
export interface RuleForm {
  id: string;
  priority: string;
  sku: string;
  category: string;
  region: string;
  grade: string;
  customer: '' | 'new' | 'returning';
  from: string;
  until: string;
  /** "10%" (percent) or "1.50" (fixed per unit, in the shop's default currency), empty for none. */
  level1: string;
  level2: string;
  /** A fixed rate's amounts in other currencies, kept as saved (the rules' JSON edits them). */
  level1ByCurrency?: Record<string, number>;
  level2ByCurrency?: Record<string, number>;
  exclude: boolean;
}

/** A grade as the editor holds it. */
export interface GradeForm {
  id: string;
  name: string;
  level1: string;
  level2: string;
  upgradeAt: string;
}

/** The program editor's state. */
export interface ProgramForm {
  levels: 1 | 2;
  level1: string;
  level2: string;
  grades: GradeForm[];
  rules: RuleForm[];
  attributionModel: 'last_click' | 'first_click';
  attributionWindowDays: string;
  bindingMode: 'none' | 'days' | 'permanent';
  bindingDays: string;
  selfPurchase: 'block' | 'allow';
  holdDays: string;
  cap: string;
  minWithdrawal: string;
  /** The withdrawal fee: a percent and/or a fixed amount, both empty for none. */
  feePercent: string;
  feeFixed: string;
  /** At most this many withdrawal requests per period; empty for no limit. */
  limitCount: string;
  limitPeriod: 'day' | 'week' | 'month';
  /** Fields the editor does not show, kept as they were. */
  rest: Record<string, unknown>;
}

const DECIMAL = /^\s*(\d+)(?:[.,](\d*))?\s*$/;

/** "12.5" → 1250 basis points; NaN when not a number with at most 2 decimals. */
export const percentToBps = (text: string): number => {
  const m = DECIMAL.exec(text.replace('%', ''));
  if (!m || (m[2] ?? '').length > 2) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};

/** "19.99" → 1999 minor units of `currency`, exactly; NaN when malformed. */
export const decimalToMinor = (text: string, currency: string): number => {
  const digits = minorDigits(currency);
  const m = DECIMAL.exec(text);
  if (!m || (m[2] ?? '').length > digits) return Number.NaN;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
};

const bpsText = (bps: number): string => decimalOf(bps, 'USD').replace(/\.?0+$/, '');
const list = (text: string): string[] | undefined => {
  const xs = text.split(',').map((s) => s.trim()).filter(Boolean);
  return xs.length ? xs : undefined;
};
const rateText = (r: { percentBps?: number; fixedPerUnit?: number } | undefined, currency: string): string =>
  r === undefined ? '' : r.percentBps !== undefined ? `${bpsText(r.percentBps)}%` : r.fixedPerUnit === undefined ? '' : decimalOf(r.fixedPerUnit, currency);
/** A rate from its text; a fixed rate keeps its amounts in other currencies (edited as JSON only), which the form does not show. */
const rateOf = (text: string, currency: string, byCurrency?: Record<string, number>) => {
  const s = text.trim();
  const others = byCurrency && Object.keys(byCurrency).length ? { fixedPerUnitByCurrency: byCurrency } : {};
  if (!s) return byCurrency && Object.keys(byCurrency).length ? others : undefined;
  return s.endsWith('%') ? { percentBps: percentToBps(s) } : { fixedPerUnit: decimalToMinor(s, currency), ...others };
};

/** The editor's state from a saved program. */
export function toForm(p: any, currency: string): ProgramForm {
  const { levels, defaultRates, grades, rules, attributionModel, attributionWindowDays, binding, selfPurchase, holdDays, capBps, minWithdrawal, withdrawalFee, withdrawalLimit, ...rest } = p;
  return {
    levels,
    level1: bpsText(defaultRates.level1Bps),
    level2: bpsText(defaultRates.level2Bps),
    grades: (grades ?? []).map((g: any) => ({ id: g.id, name: g.name, level1: bpsText(g.level1Bps), level2: bpsText(g.level2Bps), upgradeAt: g.upgradeAtSales === undefined ? '' : decimalOf(g.upgradeAtSales, currency) })),
    rules: (rules ?? []).map((r: any) => ({
      id: r.id,
      priority: r.priority === undefined ? '' : String(r.priority),
      sku: (r.when?.sku ?? []).join(', '),
      category: (r.when?.category ?? []).join(', '),
      region: (r.when?.region ?? []).join(', '),
      grade: (r.when?.grade ?? []).join(', '),
      customer: r.when?.customer ?? '',
      from: r.when?.from ?? '',
      until: r.when?.until ?? '',
      level1: rateText(r.level1, currency),
      level2: rateText(r.level2, currency),
      ...(r.level1?.fixedPerUnitByCurrency ? { level1ByCurrency: r.level1.fixedPerUnitByCurrency } : {}),
      ...(r.level2?.fixedPerUnitByCurrency ? { level2ByCurrency: r.level2.fixedPerUnitByCurrency } : {}),
      exclude: r.exclude === true,
    })),
    attributionModel: attributionModel ?? 'last_click',
    attributionWindowDays: String(attributionWindowDays ?? 30),
    bindingMode: binding?.mode ?? 'none',
    bindingDays: binding?.days === undefined ? '' : String(binding.days),
    selfPurchase: selfPurchase ?? 'block',
    holdDays: String(holdDays ?? 14),
    cap: capBps === null || capBps === undefined ? '' : bpsText(capBps),
    minWithdrawal: decimalOf(minWithdrawal ?? 0, currency),
    feePercent: withdrawalFee?.bps === undefined ? '' : bpsText(withdrawalFee.bps),
    feeFixed: withdrawalFee?.fixed === undefined ? '' : decimalOf(withdrawalFee.fixed, currency),
    limitCount: withdrawalLimit ? String(withdrawalLimit.count) : '',
    limitPeriod: withdrawalLimit?.period ?? 'month',
    rest: { ...rest, binding: binding ? { on: binding.on, allowSteal: binding.allowSteal } : undefined },
  };
}

const int = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** The program the editor describes, for programSchema and `PUT /v1/program`. */
export function fromForm(f: ProgramForm, currency: string): ProgramInput {
  const { binding: bindingRest, ...rest } = f.rest as { binding?: object };
  return {
    ...rest,
    levels: f.levels,
    defaultRates: { level1Bps: percentToBps(f.level1), level2Bps: f.levels === 1 ? 0 : percentToBps(f.level2) },
    grades: f.grades.map((g) => ({
      id: g.id.trim(),
      name: g.name.trim(),
      level1Bps: percentToBps(g.level1),
      level2Bps: f.levels === 1 ? 0 : percentToBps(g.level2),
      ...(g.upgradeAt.trim() ? { upgradeAtSales: decimalToMinor(g.upgradeAt, currency) } : {}),
    })),
    rules: f.rules.map((r) => {
      const when = {
        ...(list(r.sku) ? { sku: list(r.sku) } : {}),
        ...(list(r.category) ? { category: list(r.category) } : {}),
        ...(list(r.region) ? { region: list(r.region) } : {}),
        ...(list(r.grade) ? { grade: list(r.grade) } : {}),
        ...(r.customer ? { customer: r.customer } : {}),
        ...(r.from.trim() ? { from: r.from.trim() } : {}),
        ...(r.until.trim() ? { until: r.until.trim() } : {}),
      };
      const l1 = r.exclude ? undefined : rateOf(r.level1, currency, r.level1ByCurrency);
      const l2 = r.exclude ? undefined : rateOf(r.level2, currency, r.level2ByCurrency);
      return {
        id: r.id.trim(),
        ...(r.priority.trim() ? { priority: int(r.priority) } : {}),
        ...(Object.keys(when).length ? { when } : {}),
        ...(l1 ? { level1: l1 } : {}),
        ...(l2 ? { level2: l2 } : {}),
        ...(r.exclude ? { exclude: true as const } : {}),
      };
    }),
    attributionModel: f.attributionModel,
    attributionWindowDays: int(f.attributionWindowDays),
    binding: { ...(bindingRest ?? {}), mode: f.bindingMode, ...(f.bindingMode === 'days' ? { days: int(f.bindingDays) } : {}) } as never,
    selfPurchase: f.selfPurchase,
    holdDays: int(f.holdDays),
    capBps: f.cap.trim() === '' ? null : percentToBps(f.cap),
    minWithdrawal: decimalToMinor(f.minWithdrawal, currency),
    withdrawalFee:
      f.feePercent.trim() === '' && f.feeFixed.trim() === ''
        ? null
        : {
            ...(f.feePercent.trim() ? { bps: percentToBps(f.feePercent) } : {}),
            ...(f.feeFixed.trim() ? { fixed: decimalToMinor(f.feeFixed, currency) } : {}),
          },
    withdrawalLimit: f.limitCount.trim() === '' ? null : { count: int(f.limitCount), period: f.limitPeriod },
  };
}

/** A new, empty rule with a fresh id. */
export const emptyRule = (n: number): RuleForm => ({ id: `rule-${n}`, priority: '', sku: '', category: '', region: '', grade: '', customer: '', from: '', until: '', level1: '', level2: '', exclude: false });
