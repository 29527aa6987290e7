import { formatMoney } from '../money/format-money';

/** The languages commission explanations are written in. */
export type ExplainLocale = 'en' | 'zh-CN';

/** What the words need of a stored line explanation (a `LineExplanation`, or the JSON of one). */
export interface DescribedLine {
  sku: string;
  quantity: number;
  base: number;
  excluded: boolean;
  rate: { percentBps: number } | { fixedPerUnit: number } | null;
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

// Kept as two parallel lists (keys once) so the share panel's bundle carries them cheaply.
const KEYS = ['line', 'excluded', 'noAmount', 'perUnit', 'rule', 'grade', 'default', 'capped', 'total', 'notPaid', 'level', 'reversed', 'organic', 'noL1', 'inactive', 'passUp', 'oneLevel', 'noParent', 'parentInactive', 'ownParent', 'active', 'pending', 'suspended'] as const;
type Key = (typeof KEYS)[number];
const EN = [
  '{sku} × {qty}: {rate} of {base}{src}',
  '{sku} × {qty}: not eligible',
  '{sku} × {qty}: nothing, the fixed rate has no amount in {cur}',
  '{amount} per unit',
  ' (rule {id})',
  ' (grade {id} rate)',
  ' (default rate)',
  'Capped at {pct} of the order.',
  'Total {amount}',
  'Level {n} not paid: {why}',
  'Level {n}',
  'Reversed by refunds: {amount}',
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
const ZH = [
  '{sku} × {qty}：{base} 的 {rate}{src}',
  '{sku} × {qty}：不参与分佣',
  '{sku} × {qty}：无佣金，固定金额未设置 {cur} 金额',
  '每件 {amount}',
  '（规则 {id}）',
  '（等级 {id} 费率）',
  '（默认费率）',
  '已按订单的 {pct} 封顶。',
  '合计 {amount}',
  '{n}级未发放：{why}',
  '{n}级',
  '因退款扣回：{amount}',
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

/** The words of `locale` for `key`, with `{var}` placeholders filled in. */
export function explainWord(locale: ExplainLocale, key: Key, vars: Record<string, string | number> = {}): string {
  const text = (locale === 'zh-CN' ? ZH : EN)[KEYS.indexOf(key)] ?? '';
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** A basis-point rate as a percentage, exact: 1250 → "12.5%". */
export const percentOfBps = (bps: number): string => `${bps / 100}%`;

/**
 * A level's commission in words for a person, in English or Chinese, money by
 * `formatMoney` in the currency of the order. `amount` is what was earned
 * (minor units) for the total line.
 *
 * @example
 * describeCommission({ lines: [{ sku: 'TEA-LJ-50', quantity: 1, base: 16800, excluded: false, rate: { percentBps: 1500 }, source: { kind: 'default' } }] }, 2520, 'CNY', 'zh-CN').lines
 * // ['TEA-LJ-50 × 1：¥168.00 的 15%（默认费率）']
 */
export function describeCommission(explanation: DescribedCommission, amount: number, currency: string, locale: ExplainLocale): CommissionDescription {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const lines = (explanation.lines ?? []).map((l) => {
    const vars = { sku: l.sku, qty: l.quantity, cur: l.noAmountIn ?? currency };
    if (l.noAmountIn !== undefined) return explainWord(locale, 'noAmount', vars);
    if (l.excluded || !l.rate) return explainWord(locale, 'excluded', vars);
    const s = l.source;
    const src = !s ? '' : s.kind === 'rule' ? explainWord(locale, 'rule', { id: s.ruleId }) : s.kind === 'grade' ? explainWord(locale, 'grade', { id: s.gradeId }) : explainWord(locale, 'default');
    const rate = 'percentBps' in l.rate ? percentOfBps(l.rate.percentBps) : explainWord(locale, 'perUnit', { amount: money(l.rate.fixedPerUnit) });
    return explainWord(locale, 'line', { ...vars, rate, base: money(l.base), src });
  });
  const cap = explanation.cap ? explainWord(locale, 'capped', { pct: percentOfBps(explanation.cap.capBps) }) : null;
  return { lines, cap, total: explainWord(locale, 'total', { amount: money(amount) }) };
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
  const status = (s: string) => (s === 'active' || s === 'pending' || s === 'suspended' ? explainWord(locale, s) : s);
  let m: RegExpExecArray | null;
  let why = r;
  if (r.startsWith('no distributor')) why = explainWord(locale, 'organic');
  else if (r.startsWith('no level-1')) why = explainWord(locale, 'noL1');
  else if (r.startsWith('the program pays one level')) why = explainWord(locale, 'oneLevel');
  else if ((m = /^distributor (\S+) is (\w+): nothing passes up/.exec(r))) why = explainWord(locale, 'passUp', { who: who(m[1]!), status: status(m[2]!) });
  else if ((m = /^distributor (\S+) is (\w+), not active/.exec(r))) why = explainWord(locale, 'inactive', { who: who(m[1]!), status: status(m[2]!) });
  else if ((m = /^distributor (\S+) has no parent/.exec(r))) why = explainWord(locale, 'noParent', { who: who(m[1]!) });
  else if ((m = /^parent (\S+) is (\w+), not active/.exec(r))) why = explainWord(locale, 'parentInactive', { who: who(m[1]!), status: status(m[2]!) });
  else if ((m = /^distributor (\S+) cannot be their own parent/.exec(r))) why = explainWord(locale, 'ownParent', { who: who(m[1]!) });
  return explainWord(locale, 'notPaid', { n: notPaid.level, why });
}
