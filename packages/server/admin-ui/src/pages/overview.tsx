import { useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { LineChart } from '../components/line-chart';
import { lastDays, PeriodPicker } from '../components/period-picker';
import { Card, Kpi, Notice, PageHeader } from '../components/ui';
import { count, money, moneyShort } from '../format';
import { t, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { SetupChecklist, UnknownCodes } from './setup-checklist';

interface KpiValue { value: number; previous: number }
interface OverviewData {
  currency: string;
  /** Figures in the shop's other currencies: shown apart, never added to the default currency's. */
  otherCurrencies: { currency: string; orders: number; attributedOrders: number; attributedRevenue: number; commissions: number; commissionsPaid: number }[];
  kpis: Record<'clicks' | 'orders' | 'attributedOrders' | 'attributedRevenue' | 'commissionsPending' | 'commissionsAvailable' | 'commissionsPaid', KpiValue>;
  series: { date: string; clicks: number; orders: number; attributedRevenue: number; commissions: number }[];
}

const KPIS: [keyof OverviewData['kpis'], MessageKey, boolean][] = [
  ['clicks', 'clicks', false],
  ['orders', 'ordersCount', false],
  ['attributedRevenue', 'attributedRevenue', true],
  ['commissionsPending', 'commissionsPending', true],
  ['commissionsAvailable', 'commissionsAvailable', true],
  ['commissionsPaid', 'commissionsPaid', true],
];

/** Headline numbers for a period with change, and daily charts. */
export function Overview() {
  const { session } = useSession();
  const cur = session.shop.currency;
  const [period, setPeriod] = useState(lastDays(30));
  const { data, error } = useAsync(() => api('GET', withQuery('/v1/admin/reports/overview', period)), [period.from, period.to]);
  const labels = data?.series.map((d) => d.date) ?? [];
  return (
    <>
      <PageHeader title={t('overview')}>
        <PeriodPicker value={period} onChange={setPeriod} />
      </PageHeader>
      <Notice error={error} />
      <SetupChecklist />
      <UnknownCodes />
      <div class="kpis">
        {KPIS.map(([k, label, isMoney]) => {
          const v = data?.kpis[k] ?? { value: 0, previous: 0 };
          return <Kpi key={k} label={t(label)} value={data ? (isMoney ? money(v.value, cur) : count(v.value)) : '—'} current={v.value} previous={v.previous} />;
        })}
      </div>
      <div class="charts">
        <Card>
          <LineChart
            title={t('revenueAndCommissions')}
            labels={labels}
            series={[
              { label: t('attributedRevenue'), values: data?.series.map((d) => d.attributedRevenue) ?? [], color: '#2563eb', format: (n) => money(n, cur), axis: (n) => moneyShort(n, cur) },
              { label: t('commissions'), values: data?.series.map((d) => d.commissions) ?? [], color: '#db2777', format: (n) => money(n, cur), axis: (n) => moneyShort(n, cur), right: true },
            ]}
          />
        </Card>
        <Card>
          <LineChart
            title={t('clicksAndOrders')}
            labels={labels}
            series={[
              { label: t('clicks'), values: data?.series.map((d) => d.clicks) ?? [], color: '#0d9488', format: count, integer: true },
              { label: t('ordersCount'), values: data?.series.map((d) => d.orders) ?? [], color: '#ea580c', format: count, integer: true, right: true },
            ]}
          />
        </Card>
      </div>
      {data && data.otherCurrencies.length > 0 ? (
        <Card title={t('otherCurrencies')}>
          <table class="table">
            <thead><tr><th>{t('currency')}</th><th class="num">{t('ordersCount')}</th><th class="num">{t('attributedOrders')}</th><th class="num">{t('attributedRevenue')}</th><th class="num">{t('commissions')}</th><th class="num">{t('commissionsPaid')}</th></tr></thead>
            <tbody>
              {data.otherCurrencies.map((o) => (
                <tr key={o.currency}>
                  <td>{o.currency}</td><td class="num">{count(o.orders)}</td><td class="num">{count(o.attributedOrders)}</td>
                  <td class="num">{money(o.attributedRevenue, o.currency)}</td><td class="num">{money(o.commissions, o.currency)}</td><td class="num">{money(o.commissionsPaid, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </>
  );
}
