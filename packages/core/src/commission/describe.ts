/** The languages commission explanations are written in. */
export type ExplainLocale = 'en' | 'zh-CN';

/** What the words need of a stored line explanation (a `LineExplanation`, or the JSON of one). */
export interface DescribedLine {
  sku: string;
  quantity: number;
  base: number;
  excluded: boolean;
  /** A fixed rate without `fixedPerUnit` (only other currencies' amounts) reads as not eligible. */
  rate: { percentBps: number } | { fixedPerUnit?: number; fixedPerUnitByCurrency?: unknown } | null;
  source?: { kind: 'rule'; ruleId: string } | { kind: 'grade'; gradeId: string } | { kind: 'default' };
  noAmountIn?: string;
}

/** What the words need of a stored level explanation. */
export interface DescribedCommission {
  lines?: readonly DescribedLine[] | undefined;
  cap?: { capBps: number } | null | undefined;
}

/** A commission in words, one sentence per line, for a person (the panel and the dashboard alike). */
export interface CommissionDescription {
  /** `TEA-LJ-50 × 1: 15% of ¥168.00 (rule spring)` / `TEA-LJ-50 × 1：¥168.00 的 15%（规则 spring）`. */
  lines: string[];
  /** `Capped at 20% of the order.`, or null. */
  cap: string | null;
  /** `Total ¥25.20` / `合计 ¥25.20`. */
  total: string;
}

// Parallel lists (keys once), the line words apart from the not-paid words so the share panel's bundle carries only the first.
const LINE_KEYS = ['line', 'excluded', 'noAmount', 'perUnit', 'rule', 'grade', 'default', 'capped', 'total'] as const;
const LINE_EN = [
  '{sku} × {qty}: {rate} of {base}{src}',
  '{sku} × {qty}: not eligible',
  '{sku} × {qty}: nothing, the fixed rate has no amount in {cur}',
  '{amount} per unit',
  ' (rule {id})',
  ' (grade {id} rate)',
  ' (default rate)',
  'Capped at {pct} of the order.',
  'Total {amount}',
];
const LINE_ZH = [
  '{sku} × {qty}：{base} 的 {rate}{src}',
  '{sku} × {qty}：不参与分佣',
  '{sku} × {qty}：无佣金，固定金额未设置 {cur} 金额',
  '每件 {amount}',
  '（规则 {id}）',
  '（等级 {id} 费率）',
  '（默认费率）',
  '已按订单的 {pct} 封顶。',
  '合计 {amount}',
];
const WHY_KEYS = ['notPaid', 'organic', 'noL1', 'inactive', 'passUp', 'oneLevel', 'noParent', 'parentInactive', 'ownParent', 'active', 'pending', 'suspended'] as const;
const WHY_EN = [
  'Level {n} not paid: {why}',
  'the order came without a distributor',
  'there is no level-1 distributor, so no parent to pay',
  '{who} is {status}',
  '{who} is {status}, so nothing passes up to the parent',
  'the program pays one level only',
  '{who} has no parent',
  'the parent {who} is {status}',
  '{who} cannot be their own parent',
  'active',
  'pending approval',
  'suspended',
];
const WHY_ZH = [
  '{n}级未发放：{why}',
  '订单没有推广员',
  '没有一级推广员，也就没有上级可发放',
  '{who} 状态为{status}',
  '{who} 状态为{status}，不向上级发放',
  '方案只发放一级佣金',
  '{who} 没有上级',
  '上级 {who} 状态为{status}',
  '{who} 不能是自己的上级',
  '正常',
  '待审核',
  '已停用',
];

const fill = (text: string | undefined, vars: Record<string, string | number>): string => (text ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const lineWord = (locale: ExplainLocale, key: (typeof LINE_KEYS)[number], vars: Record<string, string | number> = {}) =>
  fill((locale === 'zh-CN' ? LINE_ZH : LINE_EN)[LINE_KEYS.indexOf(key)], vars);
const whyWord = (locale: ExplainLocale, key: (typeof WHY_KEYS)[number], vars: Record<string, string | number> = {}) =>
  fill((locale === 'zh-CN' ? WHY_ZH : WHY_EN)[WHY_KEYS.indexOf(key)], vars);

/** A basis-point rate as a percentage, exact: 1250 → "12.5%". */
export const percentOfBps = (bps: number): string => `${bps / 100}%`;

/**
 * A level's commission in words for a person, in English or Chinese. `amount`
 * is what was earned (minor units) for the total line; `money` writes an
 * amount of the order's currency, core's `formatMoney` for that currency and
 * locale (passed in, so a bundle carries the formatter once).
 *
 * @example
 * const money = (minor: number) => formatMoney(minor, 'CNY', 'zh-CN');
 * describeCommission({ lines: [{ sku: 'TEA-LJ-50', quantity: 1, base: 16800, excluded: false, rate: { percentBps: 1500 }, source: { kind: 'default' } }] }, 2520, 'zh-CN', money).lines
 * // ['TEA-LJ-50 × 1：¥168.00 的 15%（默认费率）']
 */
export function describeCommission(
  explanation: DescribedCommission,
  amount: number,
  locale: ExplainLocale,
  money: (minorUnits: number) => string,
): CommissionDescription {
  const lines = (explanation.lines ?? []).map((l) => {
    const vars = { sku: l.sku, qty: l.quantity, cur: l.noAmountIn ?? '' };
    if (l.noAmountIn !== undefined) return lineWord(locale, 'noAmount', vars);
    if (l.excluded || !l.rate || !('percentBps' in l.rate || l.rate.fixedPerUnit !== undefined)) return lineWord(locale, 'excluded', vars);
    const s = l.source;
    const src = !s ? '' : s.kind === 'rule' ? lineWord(locale, 'rule', { id: s.ruleId }) : s.kind === 'grade' ? lineWord(locale, 'grade', { id: s.gradeId }) : lineWord(locale, 'default');
    const rate = 'percentBps' in l.rate ? percentOfBps(l.rate.percentBps) : lineWord(locale, 'perUnit', { amount: money(l.rate.fixedPerUnit ?? 0) });
    return lineWord(locale, 'line', { ...vars, rate, base: money(l.base), src });
  });
  const cap = explanation.cap ? lineWord(locale, 'capped', { pct: percentOfBps(explanation.cap.capBps) }) : null;
  return { lines, cap, total: lineWord(locale, 'total', { amount: money(amount) }) };
}

/**
 * Why a level was not paid, in words for a person. `reason` is the engine's
 * English reason (`notPaid[].reason`); `who` names a distributor id (their
 * code and name, say). Reasons it does not know are returned as they are.
 *
 * @example
 * describeNotPaid({ level: 2, reason: 'distributor dst_1 has no parent' }, 'zh-CN', () => 'TEA01 王芳')
 * // '2级未发放：TEA01 王芳 没有上级'
 */
export function describeNotPaid(notPaid: { level: number; reason: string }, locale: ExplainLocale, who: (id: string) => string = (id) => id): string {
  const r = notPaid.reason;
  const status = (s: string) => (s === 'active' || s === 'pending' || s === 'suspended' ? whyWord(locale, s) : s);
  let m: RegExpExecArray | null;
  let why = r;
  if (r.startsWith('no distributor')) why = whyWord(locale, 'organic');
  else if (r.startsWith('no level-1')) why = whyWord(locale, 'noL1');
  else if (r.startsWith('the program pays one level')) why = whyWord(locale, 'oneLevel');
  else if ((m = /^distributor (\S+) is (\w+): nothing passes up/.exec(r))) why = whyWord(locale, 'passUp', { who: who(m[1]!), status: status(m[2]!) });
  else if ((m = /^distributor (\S+) is (\w+), not active/.exec(r))) why = whyWord(locale, 'inactive', { who: who(m[1]!), status: status(m[2]!) });
  else if ((m = /^distributor (\S+) has no parent/.exec(r))) why = whyWord(locale, 'noParent', { who: who(m[1]!) });
  else if ((m = /^parent (\S+) is (\w+), not active/.exec(r))) why = whyWord(locale, 'parentInactive', { who: who(m[1]!), status: status(m[2]!) });
  else if ((m = /^distributor (\S+) cannot be their own parent/.exec(r))) why = whyWord(locale, 'ownParent', { who: who(m[1]!) });
  return whyWord(locale, 'notPaid', { n: notPaid.level, why });
}
