/**
 * Earnings (lazy chunk `earnings-<hash>.js`): the balance, the way to withdraw
 * (the `payout` chunk: accounts and a confirmed quote), and recent commissions
 * that say when they become available, what took them back and whose sale a
 * level-2 line was, with the rule behind each.
 */
import { formatMoney } from '@twotier/core';
import type { MyCommission } from '@twotier/core/schema';
import { html, Lazy, strings, useEffect, useState, type Locale, type Translate, type ViewProps } from '../kit';
import type { PayoutProps } from './payout';

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
    withdraw: 'Withdraw',
    withdrawMin: 'Min. {min}',
    withdrawBelowMin: 'Withdraw from {min}.',
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
    '提现',
    '最低 {min}',
    '满 {min} 可提现。',
  ],
);

/** The words of the earnings view (exported for the dictionary test). */
export const earningsText = text;

/** "12月17日" in zh-CN, "Dec 17" in en (with the year when it is not this one). */
export const shortDate = (iso: string, locale: Locale, now = new Date()): string => {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(d.getFullYear() != now.getFullYear() ? { year: 'numeric' } : {}) }).format(d);
};

/** What a commission line says besides its amount: whose sale, when it can be withdrawn, what took it back. */
export const commissionState = (c: MyCommission, t: Translate<Parameters<ReturnType<typeof text>>[0]>, money: (m: number) => string, locale: Locale, now = new Date()) => {
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

// The explanation's words are core's `describeCommission` (the dashboard's too), a chunk of their own
// imported with the list.
const loadExplain = () => import('./explain');
type Explain = Awaited<ReturnType<typeof loadExplain>>['describeCommission'];

/** Why a commission is what it is, line by line, in the distributor's language (core's words). */
const Why = ({ c, t, money, locale, explain }: { c: MyCommission; t: ReturnType<typeof text>; money: (m: number) => string; locale: Locale; explain: Explain | null }) => {
  const d = explain && explain((c.explanation || {}) as Parameters<Explain>[0], c.amount, locale, money);
  return html`<details>
    <summary>${t('why')}</summary>
    ${d &&
    html`<ul>
        ${d.lines.map((l) => html`<li>${l}</li>`)}
      </ul>
      ${d.cap && html`<p>${d.cap}</p>`}
      <p>${d.total}</p>`}
  </details>`;
};

// Accounts and the withdrawal confirmation are a chunk of their own, imported when "Withdraw" is pressed.
const loadPayout = () => import('./payout');

/** Balance, recent commissions with their explanations, and the way to withdraw. */
const EarningsView = (props: ViewProps) => {
  const { locale, api, me, reload, t: panelT, ctx } = props;
  const t = text(locale);
  const money = (minor: number) => formatMoney(minor, me.program.currency, locale);
  const [list, setList] = useState<MyCommission[] | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const [explain, setExplain] = useState<Explain | null>(null);
  useEffect(() => {
    api.commissions().then((r) => setList(r.data), () => setList([]));
    loadExplain().then((m) => setExplain(() => m.describeCommission), ctx.log);
  }, [api]);
  const b = me.balance || { pending: 0, available: 0, inWithdrawal: 0, paid: 0 };
  // Withdrawals start at the shop's minimum and at least one minor unit.
  const min = Math.max(me.program.minWithdrawal, 1);
  const onDone = (message: string) => (setWithdrawing(false), setMsg(message), reload());
  return html`
    <div class="cards">
      ${(['pending', 'available', 'inWithdrawal', 'paid'] as const).map((k) => html`<div class="card" key=${k}><span class="muted">${t(k)}</span><b>${money(b[k])}</b></div>`)}
    </div>
    <h3>${t('withdraw')}</h3>
    ${withdrawing
      ? html`<${Lazy} load=${loadPayout} props=${{ ...props, onDone } as PayoutProps} t=${panelT} nonce=${ctx.script.nonce} />`
      : b.available >= min
        ? html`<div class="row"><button class="btn primary" type="button" onClick=${() => (setMsg(null), setWithdrawing(true))}>${t('withdraw')}</button>
            <span class="muted">${t('withdrawMin', { min: money(min) })}</span></div>`
        : html`<p class="muted">${t('withdrawBelowMin', { min: money(min) })}</p>`}
    ${msg && html`<p role="status">${msg}</p>`}
    <h3>${t('recent')}</h3>
    ${list && !list.length && html`<p class="muted">${t('none')}</p>`}
    <ul>
      ${(list || []).map((c) => {
        const d = commissionState(c, t, money, locale);
        const reversed = c.reversed >= c.amount;
        return html`<li key=${c.id} class=${reversed ? 'reversed' : ''}>
          <span class="amt">${money(reversed ? c.amount : c.amount - c.reversed)}</span>
          <span>${t('order', { id: c.orderId })}</span> <span class="muted">· ${d.who}</span>
          <div class=${reversed ? 'state bad' : 'state'}>${d.state}</div>
          ${d.partly && html`<div class="state bad">${d.partly}</div>`}
          <${Why} c=${c} t=${t} money=${money} locale=${locale} explain=${explain} />
        </li>`;
      })}
    </ul>
  `;
};

export default EarningsView;
