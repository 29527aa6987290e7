import { regionName } from '@twotier/core';
import { useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { LineChart } from '../components/line-chart';
import { lastDays, PeriodPicker } from '../components/period-picker';
import { Card, Notice, PageHeader } from '../components/ui';
import { bps, count, money } from '../format';
import { lang, t } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';

/** A horizontal bar, its width a share of the largest value. */
const Bar = ({ value, max }: { value: number; max: number }) => <span class="bar" style={{ width: `${max > 0 ? Math.max(2, Math.round((value * 100) / max)) : 0}%` }} />;

/** Top products and regions, conversion per distributor, activity, recruitment. */
export function Analytics() {
  const { session } = useSession();
  const cur = session.shop.currency;
  const [period, setPeriod] = useState(lastDays(30));
  const { data, error } = useAsync(() => api('GET', withQuery('/v1/admin/reports/analytics', period)), [period.from, period.to]);
  const maxP = Math.max(0, ...(data?.topProducts.map((p) => p.sales) ?? []));
  const maxR = Math.max(0, ...(data?.topRegions.map((p) => p.sales) ?? []));
  const a = data?.activity;
  return (
    <>
      <PageHeader title={t('analytics')}>
        <PeriodPicker value={period} onChange={setPeriod} />
      </PageHeader>
      <Notice error={error} />
      <div class="grid-2">
        <Card title={t('topProducts')}>
          <table class="table bars">
            <thead><tr><th>SKU</th><th class="num">{t('ordersCount')}</th><th class="num" title={t('itemSalesHint')}>{t('itemSales')}</th></tr></thead>
            <tbody>{data?.topProducts.map((p) => <tr key={p.sku}><td>{p.sku}<Bar value={p.sales} max={maxP} /></td><td class="num">{count(p.orders)}</td><td class="num">{money(p.sales, cur)}</td></tr>)}</tbody>
          </table>
          {data?.topProducts.length === 0 ? <p class="empty">{t('nothing')}</p> : null}
        </Card>
        <Card title={t('topRegions')}>
          <table class="table bars">
            <thead><tr><th>{t('region')}</th><th class="num">{t('ordersCount')}</th><th class="num" title={t('itemSalesHint')}>{t('itemSales')}</th></tr></thead>
            <tbody>{data?.topRegions.map((r) => <tr key={r.region}><td>{regionName(r.region, lang.value)}<Bar value={r.sales} max={maxR} /></td><td class="num">{count(r.orders)}</td><td class="num">{money(r.sales, cur)}</td></tr>)}</tbody>
          </table>
          {data?.topRegions.length === 0 ? <p class="empty">{t('nothing')}</p> : null}
        </Card>
      </div>
      <div class="grid-2">
        <Card title={t('conversion')}>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th>{t('distributor')}</th><th class="num">{t('clicks')}</th><th class="num">{t('ordersCount')}</th><th class="num">{t('rate')}</th></tr></thead>
              <tbody>{data?.conversion.map((c) => <tr key={c.distributorId}><td>{c.code} <span class="muted">{c.name}</span></td><td class="num">{count(c.clicks)}</td><td class="num">{count(c.orders)}</td><td class="num">{c.rate === null ? '—' : bps(c.rate)}</td></tr>)}</tbody>
            </table>
          </div>
        </Card>
        <Card title={t('activity')}>
          <div class="donut-row">
            <svg viewBox="0 0 36 36" width="120" height="120" role="img" aria-label={t('activity')}>
              <circle cx="18" cy="18" r="15.9" fill="none" stroke="#e5e7eb" stroke-width="4" />
              <circle cx="18" cy="18" r="15.9" fill="none" stroke="#16a34a" stroke-width="4" stroke-dasharray={`${a && a.total ? Math.round((a.active * 100) / a.total) : 0} 100`} transform="rotate(-90 18 18)" />
            </svg>
            <dl class="stats">
              <div><dt>{t('activeRecently')}</dt><dd>{a ? count(a.active) : '—'}</dd></div>
              <div><dt>{t('inactive')}</dt><dd>{a ? count(a.inactive) : '—'}</dd></div>
            </dl>
          </div>
        </Card>
      </div>
      <Card>
        <LineChart
          title={t('recruitment')}
          labels={data?.recruitment.map((r) => r.date) ?? []}
          series={[
            { label: t('joined'), values: data?.recruitment.map((r) => r.joined) ?? [], color: '#7c3aed', format: count, integer: true },
            { label: t('recruited'), values: data?.recruitment.map((r) => r.recruited) ?? [], color: '#0891b2', format: count, integer: true },
          ]}
        />
      </Card>
    </>
  );
}
