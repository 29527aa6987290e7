import { api, withQuery } from '../api';
import { Card, label, Notice, PageHeader, Pill } from '../components/ui';
import { count, date, money } from '../format';
import { t, tn } from '../i18n';
import { BASE, onLink } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import type { DistributorRow } from './distributors';
import { DistributorActions } from './distributor-actions';
import { CommissionExplain, commissionStatus } from '../components/commission-explain';

const Node = ({ d, cur, here }: { d: DistributorRow; cur: string; here?: boolean }) => (
  <a class={`node ${here ? 'here' : ''}`} href={`${BASE}/distributors/${d.id}`} onClick={onLink(`/distributors/${d.id}`)} aria-current={here ? 'page' : undefined}>
    <strong>{d.code}</strong> <span>{d.name}</span>
    <span class="muted">{money(d.sales, cur)} · {tn('recruitCount', d.recruits)}</span>
  </a>
);

/** One distributor: tree, balance, actions, commissions with explanations, ledger, coupons. */
export function DistributorPage({ id }: { id: string }) {
  const { session } = useSession();
  const cur = session.shop.currency;
  const tree = useAsync(() => api('GET', `/v1/admin/reports/distributors/${encodeURIComponent(id)}/tree`), [id]);
  const balance = useAsync(() => api('GET', `/v1/distributors/${encodeURIComponent(id)}/balance`), [id]);
  const commissions = useAsync(() => api('GET', withQuery('/v1/commissions', { distributorId: id, limit: 20 })), [id]);
  const ledger = useAsync(() => api('GET', withQuery(`/v1/admin/reports/distributors/${encodeURIComponent(id)}/ledger`, { limit: 20 })), [id]);
  const coupons = useAsync(() => api('GET', withQuery('/v1/coupons', { distributorId: id, limit: 50 })), [id]);
  const d = tree.data?.distributor;
  const reloadAll = () => { tree.reload(); balance.reload(); coupons.reload(); };
  return (
    <>
      <PageHeader title={d ? `${d.code} · ${d.name}` : t('loading')}>
        <a href={`${BASE}/distributors`} onClick={onLink('/distributors')}>← {t('back')}</a>
      </PageHeader>
      <Notice error={tree.error} />
      <div class="grid-2">
        <Card title={t('balance')}>
          <dl class="stats">
            <div><dt>{t('pending')}</dt><dd>{balance.data ? money(balance.data.pending, cur) : '—'}</dd></div>
            <div><dt>{t('available')}</dt><dd>{balance.data ? money(balance.data.available, cur) : '—'}</dd></div>
            <div><dt>{t('paid')}</dt><dd>{balance.data ? money(balance.data.paid, cur) : '—'}</dd></div>
            <div><dt>{t('sales')}</dt><dd>{d ? money(d.sales, cur) : '—'}</dd></div>
            <div><dt>{t('status')}</dt><dd>{d ? <Pill status={d.status} /> : '—'}</dd></div>
            <div><dt>{t('grade')}</dt><dd>{d?.grade ?? t('defaultGrade')}</dd></div>
          </dl>
        </Card>
        <Card title={t('tree')}>
          {tree.data ? (
            <div class="tree">
              {tree.data.parent ? <Node d={tree.data.parent} cur={cur} /> : <p class="muted">{t('noParent')}</p>}
              <div class="tree-level"><Node d={tree.data.distributor} cur={cur} here /></div>
              <div class="tree-level tree-children">
                {tree.data.recruits.data.map((r) => <Node key={r.id} d={r} cur={cur} />)}
                {tree.data.recruits.data.length === 0 ? <p class="muted">{t('noRecruits')}</p> : null}
                {(tree.data.recruits.total ?? 0) > tree.data.recruits.data.length ? <p class="muted">{t('total', { n: count(tree.data.recruits.total ?? 0) })}</p> : null}
              </div>
            </div>
          ) : <p class="muted">{t('loading')}</p>}
        </Card>
      </div>
      {d ? <DistributorActions d={d} onChanged={reloadAll} coupons={coupons.data?.data ?? []} /> : null}
      <Card title={t('commissions')}>
        <div class="table-wrap">
          <table class="table stack">
            <thead><tr><th>{t('order')}</th><th>{t('level')}</th><th class="num">{t('amount')}</th><th class="num">{t('reversed')}</th><th>{t('status')}</th><th>{t('explanation')}</th></tr></thead>
            <tbody>
              {commissions.data?.data.map((c) => (
                <tr key={c.id}>
                  <td class="stack-head"><span>{c.orderId} <span class="muted">{date(c.createdAt)}</span></span></td>
                  <td data-label={t('level')}>L{c.level}</td>
                  <td data-label={t('amount')} class="num">{money(c.amount, c.currency ?? cur)}</td>
                  <td data-label={t('reversed')} class="num">{c.reversed ? money(c.reversed, c.currency ?? cur) : '—'}</td>
                  <td data-label={t('status')}><Pill status={commissionStatus(c)} commission /></td>
                  <td class="explain"><CommissionExplain explanation={c.explanation} amount={c.amount} currency={c.currency ?? cur} /></td>
                </tr>
              ))}
              {commissions.data?.data.length === 0 ? <tr><td colSpan={6} class="empty">{t('nothing')}</td></tr> : null}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={t('ledger')}>
        <div class="table-wrap">
          <table class="table stack">
            <thead><tr><th>{t('createdAt')}</th><th>{t('kind')}</th><th>{t('bucket')}</th><th class="num">{t('amount')}</th></tr></thead>
            <tbody>
              {ledger.data?.data.map((l) => (
                <tr key={l.id}><td class="stack-head">{date(l.createdAt, true)}</td><td data-label={t('kind')}>{label(l.kind, l.kind)}</td><td data-label={t('bucket')}>{label(l.bucket, l.bucket)}</td><td data-label={t('amount')} class="num">{money(l.amount, cur)}</td></tr>
              ))}
              {ledger.data?.data.length === 0 ? <tr><td colSpan={4} class="empty">{t('nothing')}</td></tr> : null}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
