/**
 * Withdrawing (lazy chunk `payout-<hash>.js`, imported from the earnings view
 * when "Withdraw" is pressed): the distributor chooses or adds a payout account
 * (Alipay, WeChat Pay, bank card, PayPal; shown masked, as the server keeps
 * them), types an amount, and confirms a quote that shows the amount, the fee,
 * what arrives and the account it goes to before anything is requested.
 */
import { formatMoney } from '@twotier/core';
import type { PayoutAccount, PayoutAccountKind, Withdrawal, WithdrawalQuote } from '@twotier/core/schema';
import { html, strings, useEffect, useState, type Locale, type Translate, type ViewProps } from '../kit';
import { parseMoney } from '../parse-money';

export const css = `.accts{list-style:none;padding:0;margin:6px 0}.accts li{display:flex;gap:8px;align-items:center;padding:6px 0}.accts input{flex:none;width:auto;margin:0;padding:0}
.accts label{flex:1;display:flex;gap:8px;align-items:center}.kind{font-weight:650}
.add{display:grid;gap:6px;margin:8px 0}.add label{white-space:nowrap}.add select,.add input{width:100%;box-sizing:border-box;padding:8px 10px;border:1px solid var(--l);border-radius:8px;background:var(--s)}
.quote{border:1px solid var(--l);border-radius:8px;padding:10px 12px;margin:8px 0}.quote dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
.quote dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}.quote .net{font-weight:700}.link-btn{background:none;border:0;padding:0;color:var(--m);text-decoration:underline;cursor:pointer}`;

const text = strings(
  {
    account: 'Pay to',
    none: 'Add the account your money should go to.',
    add: 'Add an account',
    kind: 'Kind',
    alipay: 'Alipay',
    wechat: 'WeChat Pay',
    bank: 'Bank card',
    paypal: 'PayPal',
    alipayAccount: 'Alipay account (email or mobile)',
    realName: 'Real name on the account',
    openid: 'WeChat openid under the shop’s app',
    accountNumber: 'Card or account number',
    holderName: 'Account holder',
    bankName: 'Bank',
    email: 'PayPal email',
    save: 'Save account',
    cancel: 'Cancel',
    remove: 'Remove',
    amount: 'Amount to withdraw',
    min: 'Min. {min}, available {available}',
    next: 'Continue',
    bad: 'Enter {min} to {available}.',
    notAllowed: 'This amount cannot be withdrawn now (min. {min}, available {available}).',
    confirmTitle: 'Confirm the withdrawal',
    qAmount: 'Amount',
    qFee: 'Fee',
    qNet: 'You receive',
    qTo: 'To',
    confirm: 'Confirm withdrawal of {amount}',
    back: 'Back',
    done: 'Requested {amount} to {account}.',
    doneNoAccount: 'Requested {amount}.',
    check: 'Check “{field}”.',
  },
  [
    '提现到',
    '请先添加收款账户。',
    '添加收款账户',
    '类型',
    '支付宝',
    '微信零钱',
    '银行卡',
    'PayPal',
    '支付宝账号（邮箱或手机号）',
    '账户实名',
    '微信 openid（商家公众号/小程序下）',
    '卡号或账号',
    '开户人',
    '开户银行',
    'PayPal 邮箱',
    '保存账户',
    '取消',
    '删除',
    '提现金额',
    '最低 {min}，可提现 {available}',
    '下一步',
    '请输入 {min} 到 {available} 之间的金额。',
    '该金额暂不能提现（最低 {min}，可提现 {available}）。',
    '确认提现',
    '提现金额',
    '手续费',
    '实际到账',
    '收款账户',
    '确认提现 {amount}',
    '返回',
    '已申请提现 {amount} 到 {account}。',
    '已申请提现 {amount}。',
    '请检查「{field}」的填写。',
  ],
);

/** The words of the payout view (exported for the dictionary test). */
export const payoutText = text;
type T = Translate<Parameters<ReturnType<typeof text>>[0]>;

/** The fields of each kind, in the order they are asked for. */
const FIELDS: Record<PayoutAccountKind, string[]> = {
  alipay: ['account', 'realName'],
  wechat: ['openid', 'realName'],
  bank: ['accountNumber', 'holderName', 'bankName'],
  paypal: ['email'],
};
const LABEL: Record<string, string> = { account: 'alipayAccount' };

/** The kinds a distributor is offered first: the Chinese services in zh-CN, PayPal and banks elsewhere. */
export const kindsFor = (locale: Locale): PayoutAccountKind[] => (locale == 'zh-CN' ? ['alipay', 'wechat', 'bank', 'paypal'] : ['paypal', 'bank', 'alipay', 'wechat']);

/** One line for an account, masked as the server keeps it: `支付宝 138****5678（*三）`, `Bank card ICBC •••• 1234 (J*** D**)`. */
export const accountLine = (a: Pick<PayoutAccount, 'kind' | 'masked'>, t: T): string => {
  const m = a.masked;
  const main = a.kind == 'alipay' ? m.account : a.kind == 'wechat' ? m.openid : a.kind == 'bank' ? `${m.bankName} ${m.accountNumber}` : m.email;
  const name = m.realName || m.holderName;
  return `${t(a.kind)} ${main}${name ? ` (${name})` : ''}`;
};

/** Props of the payout view: the earnings view's, and what to do once a withdrawal was requested. */
export type PayoutProps = ViewProps & { onDone: (message: string) => void };

const PayoutView = ({ locale, api, me, onDone }: PayoutProps) => {
  const t = text(locale);
  /** A field's name in the form's words. */
  const label = (f: string) => t((LABEL[f] || f) as 'realName');
  const currency = me.program.currency;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const [accounts, setAccounts] = useState<PayoutAccount[] | null>(null);
  // A server without a payout key keeps no accounts (503 payout_key_missing when one is added): withdrawals
  // then name none, as before accounts.
  const [keepsNone, setKeepsNone] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState<PayoutAccountKind | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState('');
  const [quote, setQuote] = useState<WithdrawalQuote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const b = me.balance || { available: 0 };
  const min = Math.max(me.program.minWithdrawal, 1);
  const limits = { min: money(min), available: money(b.available) };

  const load = () =>
    api.req<{ data: PayoutAccount[] }>('/v1/me/payout-accounts').then(
      (r) => {
        setAccounts(r.data);
        setChosen((c) => (c && r.data.some((a) => a.id == c) ? c : r.data[0]?.id ?? null));
        if (!r.data.length) setAdding(kindsFor(locale)[0]!);
      },
      (e: Error & { code?: string }) => (setAccounts([]), e.code == 'payout_key_missing' ? setKeepsNone(true) : setError(e.message)),
    );
  useEffect(() => void load(), [api]);

  // Every call shows the server's refusal as it is (its message names the field); in Chinese, a field
  // it refused is named in the form's own words instead of the server's English.
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      const field = (e as { details?: { path?: string[] }[] }).details?.[0]?.path?.[0];
      setError(locale == 'zh-CN' && field && adding && FIELDS[adding].includes(field) ? t('check', { field: label(field) }) : (e as Error).message);
    }
    setBusy(false);
  };
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const a = await api.req<PayoutAccount>('/v1/me/payout-accounts', { kind: adding, ...fields }).catch((err: Error & { code?: string }) => {
        if (err.code != 'payout_key_missing') throw err;
        setAdding(null);
        setKeepsNone(true);
      });
      if (!a) return;
      setAdding(null);
      setFields({});
      await load();
      setChosen(a.id);
    });
  };
  const remove = (id: string) => run(async () => (await api.req(`/v1/me/payout-accounts/${encodeURIComponent(id)}`, undefined, 'DELETE'), await load()));
  const ask = (e: Event) => {
    e.preventDefault();
    const minor = parseMoney(amount, currency);
    if (minor === null || minor < min || minor > b.available) return setError(t('bad', limits));
    void run(async () => {
      const q = await api.req<WithdrawalQuote>(`/v1/me/withdrawals/quote?amount=${minor}`);
      if (!q.allowed) throw new Error(t('notAllowed', { min: money(q.minWithdrawal), available: money(q.available) }));
      setQuote(q);
    });
  };
  const account = accounts?.find((a) => a.id == chosen);
  const confirm = () =>
    run(async () => {
      const amount = money(quote!.amount);
      await api.req<Withdrawal>('/v1/me/withdrawals', account ? { amount: quote!.amount, payoutAccountId: account.id } : { amount: quote!.amount });
      onDone(account ? t('done', { amount, account: accountLine(account, t) }) : t('doneNoAccount', { amount }));
    });

  if (!accounts) return html`<p class="muted" role="status">…</p>`;
  const err = error && html`<p role="alert">${error}</p>`;
  if (quote && (account || keepsNone))
    return html`<section class="quote" aria-label=${t('confirmTitle')}>
      <h3>${t('confirmTitle')}</h3>
      <dl>
        <dt>${t('qAmount')}</dt><dd>${money(quote.amount)}</dd>
        <dt>${t('qFee')}</dt><dd>${quote.fee ? '−' + money(quote.fee) : money(0)}</dd>
        <dt class="net">${t('qNet')}</dt><dd class="net">${money(quote.net)}</dd>
        ${account && html`<dt>${t('qTo')}</dt><dd>${accountLine(account, t)}</dd>`}
      </dl>
      ${err}
      <div class="row">
        <button class="btn" type="button" onClick=${() => setQuote(null)}>${t('back')}</button>
        <button class="btn primary" type="button" disabled=${busy} onClick=${confirm}>${t('confirm', { amount: money(quote.amount) })}</button>
      </div>
    </section>`;
  const form = html`<form class="row" onSubmit=${ask}>
      <input type="text" inputmode="decimal" aria-label=${t('amount')} placeholder=${t('amount')} value=${amount}
        onInput=${(e: Event) => setAmount((e.target as HTMLInputElement).value)} />
      <button class="btn primary" type="submit" disabled=${busy}>${t('next')}</button>
    </form>
    <p class="muted">${t('min', limits)}</p>`;
  if (keepsNone) return html`${form}${err}`;
  return html`
    <h3>${t('account')}</h3>
    ${!accounts.length && html`<p class="muted">${t('none')}</p>`}
    <ul class="accts">
      ${accounts.map(
        (a) => html`<li key=${a.id}>
          <label><input type="radio" name="tt-acct" checked=${a.id == chosen} onChange=${() => setChosen(a.id)} /><span>${accountLine(a, t)}</span></label>
          <button class="link-btn" type="button" onClick=${() => remove(a.id)}>${t('remove')}</button>
        </li>`,
      )}
    </ul>
    ${adding
      ? html`<form class="add" onSubmit=${save}>
          <label>${t('kind')}
            <select value=${adding} onChange=${(e: Event) => (setAdding((e.target as HTMLSelectElement).value as PayoutAccountKind), setFields({}))}>
              ${kindsFor(locale).map((k) => html`<option value=${k} key=${k}>${t(k)}</option>`)}
            </select>
          </label>
          ${FIELDS[adding].map(
            (f) => html`<input key=${adding + f} required aria-label=${label(f)} placeholder=${label(f)}
              type=${f == 'email' ? 'email' : 'text'} value=${fields[f] || ''} onInput=${(e: Event) => setFields({ ...fields, [f]: (e.target as HTMLInputElement).value })} />`,
          )}
          <div class="row">
            ${accounts.length > 0 && html`<button class="btn" type="button" onClick=${() => setAdding(null)}>${t('cancel')}</button>`}
            <button class="btn primary" type="submit" disabled=${busy}>${t('save')}</button>
          </div>
        </form>`
      : html`<button class="link-btn" type="button" onClick=${() => setAdding(kindsFor(locale)[0]!)}>${t('add')}</button>`}
    ${account && !adding && form}
    ${err}
  `;
};

export default PayoutView;
