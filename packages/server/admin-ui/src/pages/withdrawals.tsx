import type { AdminWithdrawalPage, PayoutFormat, WithdrawalStatus } from '@twotier/core/schema';
import { useState } from 'preact/hooks';
import { api, downloadCsv, withQuery } from '../api';
import { Dialog, Notice, PageHeader, Pager, Pill } from '../components/ui';
import { date, money } from '../format';
import { t } from '../i18n';
import { BASE, onLink } from '../router';
import { useAsync } from '../use-async';

type Withdrawal = AdminWithdrawalPage['data'][number];
const TABS: readonly WithdrawalStatus[] = ['requested', 'approved', 'paid', 'rejected'];

/** The payout queue: approve, reject with a reason, mark paid with a reference, mass-pay CSV. */
export function Withdrawals() {
  const [status, setStatus] = useState<WithdrawalStatus>('requested');
  const [cursors, setCursors] = useState<string[]>([]);
  const [format, setFormat] = useState<PayoutFormat>('bank');
  const [dialog, setDialog] = useState<{ kind: 'reject' | 'paid'; w: Withdrawal } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);
  const cursor = cursors[cursors.length - 1];
  const list = useAsync(() => api('GET', withQuery('/v1/admin/reports/withdrawals', { status, cursor, limit: 25 })), [status, cursor]);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    setOk(null);
    setSkipped(0);
    try {
      await fn();
      setOk(t('saved'));
      setDialog(null);
      list.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  const onDialog = (e: Event) => {
    e.preventDefault();
    if (!dialog) return;
    const value = String(new FormData(e.currentTarget as HTMLFormElement).get('value') ?? '').trim();
    const { id } = dialog.w;
    void act(() => (dialog.kind === 'reject' ? api('POST', `/v1/withdrawals/${id}/reject`, { reason: value }) : api('POST', `/v1/withdrawals/${id}/paid`, { reference: value })));
  };
  return (
    <>
      <PageHeader title={t('withdrawals')}>
        <label class="inline">{t('exportFor')}
          <select value={format} onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as PayoutFormat)}>
            <option value="bank">{t('bank')}</option>
            <option value="alipay">{t('alipay')}</option>
            <option value="wechat">{t('wechat')}</option>
            <option value="paypal">{t('paypal')}</option>
          </select>
        </label>
        <button type="button" onClick={() => act(async () => setSkipped((await downloadCsv(withQuery('/v1/admin/reports/payouts.csv', { status: 'approved', format }), `payouts-${format}.csv`)).skipped))}>{t('exportCsv')}</button>
      </PageHeader>
      <div class="tabs" role="tablist">
        {TABS.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={status === s} onClick={() => { setStatus(s); setCursors([]); }}>{t(s as never)}</button>
        ))}
      </div>
      <Notice error={error ?? list.error} ok={ok} />
      {skipped > 0 ? <p class="notice error" role="status" data-export-skipped={skipped}>{t('exportSkipped', { count: skipped })}</p> : null}
      <div class="table-wrap">
        <table class="table stack">
          <thead><tr><th>ID</th><th>{t('distributor')}</th><th class="num">{t('amount')}</th><th>{t('payoutAccount')}</th><th>{t('status')}</th><th>{t('createdAt')}</th><th>{t('reference')} / {t('reason')}</th><th>{t('actions')}</th></tr></thead>
          <tbody>
            {list.data?.data.map((w) => (
              <tr key={w.id} data-withdrawal={w.id}>
                <td data-label="ID"><code>{w.id}</code></td>
                <td data-label={t('distributor')}><span><a href={`${BASE}/distributors/${w.distributorId}`} onClick={onLink(`/distributors/${w.distributorId}`)}>{w.distributorCode ?? w.distributorId}</a> <span class="muted">{w.distributorName}</span></span></td>
                <td data-label={t('amount')} class="num">{money(w.amount, w.currency)}</td>
                <td data-label={t('payoutAccount')}>{w.payoutAccount ? `${t(w.payoutAccount.kind)} ${w.payoutAccount.summary}` : <span class="muted">{t('payoutDefault')}</span>}</td>
                <td data-label={t('status')}><Pill status={w.status} /></td>
                <td data-label={t('createdAt')}>{date(w.createdAt, true)}</td>
                <td data-label={`${t('reference')} / ${t('reason')}`}>{w.reference ?? w.reason ?? '—'}</td>
                <td class="row-actions">
                  {w.status === 'requested' ? <button type="button" class="primary" onClick={() => confirm(t('approveWithdrawalConfirm', { amount: money(w.amount, w.currency), who: `${w.distributorCode ?? w.distributorId}${w.distributorName ? ` · ${w.distributorName}` : ''}` })) && act(() => api('POST', `/v1/withdrawals/${w.id}/approve`))}>{t('approve')}</button> : null}
                  {w.status === 'requested' || w.status === 'approved' ? <button type="button" class="danger" onClick={() => setDialog({ kind: 'reject', w })}>{t('reject')}</button> : null}
                  {w.status === 'approved' ? <button type="button" class="primary" onClick={() => setDialog({ kind: 'paid', w })}>{t('markPaid')}</button> : null}
                </td>
              </tr>
            ))}
            {list.data?.data.length === 0 ? <tr><td colSpan={8} class="empty">{t('nothing')}</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pager cursors={cursors} next={list.data?.nextCursor} onPage={setCursors} />
      <Dialog open={dialog !== null} title={dialog?.kind === 'reject' ? t('reject') : t('markPaid')} onClose={() => setDialog(null)}>
        <form onSubmit={onDialog} class="dialog-form">
          <p>{dialog ? `${dialog.w.id} · ${money(dialog.w.amount, dialog.w.currency)}` : ''}</p>
          <label>{dialog?.kind === 'reject' ? t('reason') : t('reference')}
            <input name="value" required autoFocus />
          </label>
          <div class="dialog-buttons">
            <button type="button" onClick={() => setDialog(null)}>{t('cancel')}</button>
            <button type="submit" class="primary">{t('confirm')}</button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
