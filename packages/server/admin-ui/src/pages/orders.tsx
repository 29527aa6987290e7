import { normalizeRegion, regionName } from '@twotier/core';
import type { OrderListQuery } from '@twotier/core/schema';
import { useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { label, Notice, PageHeader, Pager, Pill } from '../components/ui';
import { date, money } from '../format';
import { lang, t } from '../i18n';
import { useSession } from '../session';
import { CommissionExplain, commissionStatus, NotPaid } from '../components/commission-explain';
import { useAsync } from '../use-async';

/** Orders with their commissions (and explanations) and the refunds that reversed them. */
export function Orders() {
  const { session } = useSession();
  const [filters, setFilters] = useState<OrderListQuery>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading } = useAsync(
    () => api('GET', withQuery('/v1/admin/reports/orders', { ...filters, cursor, limit: 20 })),
    [filters, cursor],
  );
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const who = String(f.get('distributorId') ?? '').trim();
    const apply = (distributorId: string) => {
      // an empty field is no filter
      const field = (name: string) => String(f.get(name) ?? '').trim() || undefined;
      setFilters({ q: field('q'), status: field('status') as OrderListQuery['status'], distributorId: distributorId || undefined, from: field('from'), to: field('to') });
      setCursors([]);
    };
    // a code is looked up; an id is used as is
    if (!who || who.startsWith('dst_')) apply(who);
    else void api('GET', withQuery('/v1/distributors', { q: who, limit: 5 })).then((r) => apply(r.data.find((d) => d.code === who)?.id ?? who));
  };
  return (
    <>
      <PageHeader title={t('orders')} />
      <form class="toolbar" onSubmit={onSubmit}>
        <input name="q" type="search" placeholder={t('orderIdSearch')} aria-label={t('orderIdSearch')} />
        <select name="status" aria-label={t('status')}>
          <option value="">{t('status')}: {t('all')}</option>
          <option value="attributed">{t('attributed')}</option>
          <option value="organic">{t('organic')}</option>
          <option value="refunded">{t('refunded')}</option>
        </select>
        <input name="distributorId" placeholder={`${t('distributor')} (${t('code')})`} aria-label={t('distributor')} />
        <input name="from" type="date" aria-label={t('from')} />
        <input name="to" type="date" aria-label={t('to')} />
        <button type="submit">{t('filter')}</button>
      </form>
      <Notice error={error} />
      <div class={`order-list ${loading ? 'is-loading' : ''}`}>
        {data?.data.map((o) => (
          <article class="order card" key={o.id}>
            <header>
              <strong>{o.id}</strong>
              <span>{money(o.totalPaid, o.currency || session.shop.currency)}</span>
              <span class="muted">{date(o.placedAt, true)}</span>
              <span>{o.distributorCode ? `${o.distributorCode}${o.attributionSource ? ` (${label(`source_${o.attributionSource}`, o.attributionSource)})` : ''}` : t('organic')}</span>
              {o.region ? <span class="muted">{regionName(normalizeRegion(o.region) ?? o.region, lang.value)}</span> : null}
              {o.refunded >= o.totalPaid && o.totalPaid > 0 ? <Pill status="refunded" /> : null}
              {o.refunded > 0 && o.refunded < o.totalPaid ? (
                <span class="pill pill-partly-refunded" title={t('partlyRefundedAmount', { amount: money(o.refunded, o.currency), total: money(o.totalPaid, o.currency) })}>
                  {t('partlyRefunded')} {money(o.refunded, o.currency)}
                </span>
              ) : null}
            </header>
            {o.commissions.map((c) => (
              <div class="commission" key={c.id}>
                <span>L{c.level}</span>
                <strong>{money(c.amount, o.currency)}</strong>
                {c.reversed ? <span class="neg">−{money(c.reversed, o.currency)}</span> : null}
                <Pill status={commissionStatus(c)} commission />
                <CommissionExplain explanation={c.explanation} amount={c.amount} currency={o.currency} who={{ id: c.distributorId, code: c.distributorCode, name: c.distributorName }} />
              </div>
            ))}
            <NotPaid notPaid={o.notPaid} people={o.people} />
            {o.refunds.map((r) => (
              <div class="refund" key={r.id}>
                ↩ {t('refunds')} {r.id}: {r.amount !== null ? money(r.amount, o.currency) : '—'} · {t('refundReversed', { amount: money(r.reversed, o.currency) })} · {date(r.createdAt)}
              </div>
            ))}
          </article>
        ))}
        {data?.data.length === 0 ? <p class="empty">{t('nothing')}</p> : null}
      </div>
      <Pager cursors={cursors} next={data?.nextCursor} onPage={setCursors} />
    </>
  );
}
