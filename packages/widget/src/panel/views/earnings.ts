import type { Commission } from '@twotier/core/schema';
import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../context';
import { html } from '../html';
import { parseMoney } from '../i18n';

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

/** Why a commission is what it is, line by line, in the distributor's language. */
const Why = ({ c, t, money }: { c: Commission; t: ViewProps['t']; money: ViewProps['money'] }) => {
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
    ${c.reversed > 0 && html`<p>${t('reversed', { amount: money(c.reversed) })}</p>`}
  </details>`;
};

/** Balance, recent commissions with their explanations, and the withdrawal request. */
export const EarningsView = ({ t, money, api, me, reload }: ViewProps) => {
  const [list, setList] = useState<Commission[] | null>(null);
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
      ${(list || []).map(
        (c) => html`<li key=${c.id}>
          <span class="amt">${money(c.amount - c.reversed)}</span>
          <span>${t('order', { id: c.orderId })}</span> <span class="muted">· ${t('level', { n: c.level })} · ${t(c.status == 'available' ? 'available' : 'pending')}</span>
          <${Why} c=${c} t=${t} money=${money} />
        </li>`,
      )}
    </ul>
  `;
};
