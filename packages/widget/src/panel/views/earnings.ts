/**
 * Earnings (lazy chunk `earnings-<hash>.js`): the balance, the withdrawal
 * request, and recent commissions that say when they become available, what
 * took them back and whose sale a level-2 line was, with the rule behind each.
 */
import { formatMoney } from '@twotier/core';
import type { MyCommission } from '@twotier/core/schema';
import { html, strings, useEffect, useState, type Locale, type Translate, type ViewProps } from '../kit';
import { parseMoney } from '../parse-money';

export const css = `.cards{display:grid;grid-template-columns:1fr 1fr;gap:8px}.card b{display:block;font-size:18px}
.amt{font-weight:650;float:right}details{font-size:13px;color:var(--m)}
.state{font-size:13px;color:var(--m)}.reversed .amt{text-decoration:line-through;color:var(--m)}`;

const text = strings(
  {
    pending: 'Pending',
    available: 'Available',
    paid: 'Paid',
    inWithdrawal: 'Being paid out',
    recent: 'Recent commissions',
    none: 'Nothing yet.',
    level1: 'your sale',
    level2: 'from your recruit {name}',
    level2Unknown: 'level 2',
    order: 'Order {id}',
    availableOn: 'Available from {date}',
    availableNow: 'Available now',
    reversedAll: 'Reversed: {reasons}',
    reversedPart: '{amount} reversed: {reasons}',
    refundOf: 'refund {id} of order {order}',
    refundOrder: 'a refund of order {order}',
    why: 'Why?',
    lineRate: '{sku} × {qty}: {rate} of {base}',
    lineExcluded: '{sku} × {qty}: not eligible',
    perUnit: '{amount} per unit',
    capped: 'Capped at {pct} of the order.',
    withdraw: 'Withdraw',
    withdrawAmount: 'Amount to withdraw',
    withdrawMin: 'Min. {min}',
    withdrawBelowMin: 'Withdraw from {min}.',
    withdrawBad: 'Enter {min} to {available}.',
    withdrawDone: 'Requested {amount}.',
  },
  [
    '待结算',
    '可提现',
    '已提现',
    '提现中',
    '最近佣金',
    '暂无记录。',
    '你的推广',
    '来自下级 {name}',
    '二级',
    '订单 {id}',
    '预计 {date} 可提现',
    '可提现',
    '已扣回：{reasons}',
    '已扣回 {amount}：{reasons}',
    '订单 {order} 退款（{id}）',
    '订单 {order} 退款',
    '明细',
    '{sku} × {qty}：{base} 的 {rate}',
    '{sku} × {qty}：不参与分佣',
    '每件 {amount}',
    '已按订单的 {pct} 封顶。',
    '提现',
    '提现金额',
    '最低 {min}',
    '满 {min} 可提现。',
    '请输入 {min} 到 {available} 之间的金额。',
    '已申请提现 {amount}。',
  ],
);

/** The words of the earnings view (exported for the dictionary test). */
export const earningsText = text;

interface Line {
  sku: string;
  quantity: number;
  base: number;
  excluded: boolean;
  rate: { percentBps: number } | { fixedPerUnit: number } | null;
}
interface Explanation {
  lines?: Line[];
  cap?: { capBps: number } | null;
}

// A rate, not money: the shortest decimal of bps / 100 is exact for display (1250 → 12.5%).
const pct = (bps: number) => `${bps / 100}%`;

/** "12月17日" in zh-CN, "Dec 17" in en (with the year when it is not this one). */
export const shortDate = (iso: string, locale: Locale, now = new Date()): string => {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(d.getFullYear() != now.getFullYear() ? { year: 'numeric' } : {}) }).format(d);
};

/** What a commission line says besides its amount: whose sale, when it can be withdrawn, what took it back. */
export const describeCommission = (c: MyCommission, t: Translate<Parameters<ReturnType<typeof text>>[0]>, money: (m: number) => string, locale: Locale, now = new Date()) => {
  const who = c.level == 2 ? (c.recruit ? t('level2', { name: c.recruit.displayName }) : t('level2Unknown')) : t('level1');
  const reasons = (c.refunds?.length ? c.refunds.map((r) => t('refundOf', { id: r.id, order: c.orderId })) : [t('refundOrder', { order: c.orderId })]).join('; ');
  const state =
    c.reversed >= c.amount
      ? t('reversedAll', { reasons })
      : c.status == 'available' || Date.parse(c.availableAt) <= now.getTime()
        ? t('availableNow')
        : t('availableOn', { date: shortDate(c.availableAt, locale, now) });
  const partly = c.reversed > 0 && c.reversed < c.amount ? t('reversedPart', { amount: money(c.reversed), reasons }) : null;
  return { who, state, partly };
};

/** Why a commission is what it is, line by line, in the distributor's language. */
const Why = ({ c, t, money }: { c: MyCommission; t: ReturnType<typeof text>; money: (m: number) => string }) => {
  const e = (c.explanation || {}) as Explanation;
  return html`<details>
    <summary>${t('why')}</summary>
    <ul>
      ${(e.lines || []).map(
        (l) => html`<li>
          ${l.excluded || !l.rate
            ? t('lineExcluded', { sku: l.sku, qty: l.quantity })
            : t('lineRate', {
                sku: l.sku,
                qty: l.quantity,
                base: money(l.base),
                rate: 'percentBps' in l.rate ? pct(l.rate.percentBps) : t('perUnit', { amount: money(l.rate.fixedPerUnit) }),
              })}
        </li>`,
      )}
    </ul>
    ${e.cap && html`<p>${t('capped', { pct: pct(e.cap.capBps) })}</p>`}
  </details>`;
};

/** Balance, recent commissions with their explanations, and the withdrawal request. */
const EarningsView = ({ locale, api, me, reload }: ViewProps) => {
  const t = text(locale);
  const money = (minor: number) => formatMoney(minor, me.program.currency, locale);
  const [list, setList] = useState<MyCommission[] | null>(null);
  const [amount, setAmount] = useState('');
  const [msg, setMsg] = useState<{ text: string; error?: boolean } | null>(null);
  useEffect(() => {
    api.commissions().then((r) => setList(r.data), () => setList([]));
  }, [api]);
  const b = me.balance || { pending: 0, available: 0, inWithdrawal: 0, paid: 0 };
  // Withdrawals start at the shop's minimum and at least one minor unit.
  const min = Math.max(me.program.minWithdrawal, 1);
  const available = b.available;
  const withdraw = async (e: Event) => {
    e.preventDefault();
    const minor = parseMoney(amount, me.program.currency);
    try {
      if (minor === null || minor < min || minor > available) throw new Error(t('withdrawBad', { min: money(min), available: money(available) }));
      await api.withdraw(minor);
      setMsg({ text: t('withdrawDone', { amount: money(minor) }) });
      setAmount('');
      reload();
    } catch (err) {
      setMsg({ text: (err as Error).message, error: true });
    }
  };
  return html`
    <div class="cards">
      ${(['pending', 'available', 'inWithdrawal', 'paid'] as const).map((k) => html`<div class="card" key=${k}><span class="muted">${t(k)}</span><b>${money(b[k])}</b></div>`)}
    </div>
    <h3>${t('withdraw')}</h3>
    ${available >= min
      ? html`<form class="row" onSubmit=${withdraw}>
          <input type="text" inputmode="decimal" aria-label=${t('withdrawAmount')} placeholder=${t('withdrawAmount')} value=${amount}
            onInput=${(e: Event) => setAmount((e.target as HTMLInputElement).value)} />
          <button class="btn primary" type="submit">${t('withdraw')}</button>
        </form>
        <p class="muted">${t('withdrawMin', { min: money(min) })}</p>`
      : html`<p class="muted">${t('withdrawBelowMin', { min: money(min) })}</p>`}
    ${msg && html`<p role=${msg.error ? 'alert' : 'status'}>${msg.text}</p>`}
    <h3>${t('recent')}</h3>
    ${list && !list.length && html`<p class="muted">${t('none')}</p>`}
    <ul>
      ${(list || []).map((c) => {
        const d = describeCommission(c, t, money, locale);
        const reversed = c.reversed >= c.amount;
        return html`<li key=${c.id} class=${reversed ? 'reversed' : ''}>
          <span class="amt">${money(reversed ? c.amount : c.amount - c.reversed)}</span>
          <span>${t('order', { id: c.orderId })}</span> <span class="muted">· ${d.who}</span>
          <div class=${reversed ? 'state bad' : 'state'}>${d.state}</div>
          ${d.partly && html`<div class="state bad">${d.partly}</div>`}
          <${Why} c=${c} t=${t} money=${money} />
        </li>`;
      })}
    </ul>
  `;
};

export default EarningsView;
