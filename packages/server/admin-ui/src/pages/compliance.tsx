import { useState } from 'preact/hooks';
import { api, downloadCsv } from '../api';
import { Card, Notice, PageHeader } from '../components/ui';
import { count, money } from '../format';
import { t } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';

/** What a shop shows an auditor: depth, no fee, no recruitment reward, money by level. */
export function Compliance() {
  const { session } = useSession();
  const cur = session.shop.currency;
  const { data, error } = useAsync(() => api('GET', '/v1/admin/reports/compliance'), []);
  const [csvError, setCsvError] = useState<Error | null>(null);
  return (
    <>
      <PageHeader title={t('compliance')}>
        <button type="button" class="primary" onClick={() => downloadCsv('/v1/admin/reports/compliance.csv', 'commissions-by-level.csv').catch(setCsvError)}>{t('auditCsv')}</button>
      </PageHeader>
      <p class="muted">{t('complianceIntro')}</p>
      <Notice error={error ?? csvError} />
      <Card>
        <dl class="facts">
          <div><dt>{t('depth')}</dt><dd class="ok">✓ {data ? data.levels : '—'} / 2</dd></div>
          <div><dt>{t('deepestPaid')}</dt><dd class={data && data.deepestLevelPaid > 2 ? 'bad' : 'ok'}>{data ? `L${data.deepestLevelPaid}` : '—'}</dd></div>
          <div><dt>{t('joinFee')}</dt><dd class="ok">✓ {t('none')}</dd></div>
          <div><dt>{t('recruitmentRewards')}</dt><dd class={data && data.recruitmentRewards > 0 ? 'bad' : 'ok'}>{data ? (data.recruitmentRewards === 0 ? `✓ ${t('noneFound')}` : count(data.recruitmentRewards)) : '—'}</dd></div>
        </dl>
        <p class="legal">{t('legalNote')}</p>
      </Card>
      <Card title={t('byLevel')}>
        <div class="table-wrap">
          <table class="table stack">
            <thead><tr><th>{t('level')}</th><th class="num">{t('earned')}</th><th class="num">{t('reversed')}</th><th class="num">{t('net')}</th><th class="num">{t('pending')}</th><th class="num">{t('available')}</th></tr></thead>
            <tbody>
              {data?.byLevel.map((l) => (
                <tr key={l.level}><td class="stack-head">L{l.level}</td><td data-label={t('earned')} class="num">{money(l.earned, cur)}</td><td data-label={t('reversed')} class="num">{money(l.reversed, cur)}</td><td data-label={t('net')} class="num">{money(l.net, cur)}</td><td data-label={t('pending')} class="num">{money(l.pending, cur)}</td><td data-label={t('available')} class="num">{money(l.available, cur)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl class="facts money-facts">
          <div><dt>{t('bonuses')}</dt><dd>{data ? money(data.bonuses, cur) : '—'}</dd></div>
          <div><dt>{t('paidOut')}</dt><dd>{data ? money(data.paidOut, cur) : '—'}</dd></div>
        </dl>
      </Card>
      {data && data.otherCurrencies.length > 0 ? (
        <Card title={t('otherCurrencies')}>
          <div class="table-wrap">
            <table class="table stack">
              <thead><tr><th>{t('currency')}</th><th class="num">{t('earned')}</th><th class="num">{t('reversed')}</th><th class="num">{t('net')}</th><th class="num">{t('bonuses')}</th><th class="num">{t('paidOut')}</th></tr></thead>
              <tbody>
                {data.otherCurrencies.map((o) => (
                  <tr key={o.currency}><td class="stack-head">{o.currency}</td><td data-label={t('earned')} class="num">{money(o.earned, o.currency)}</td><td data-label={t('reversed')} class="num">{money(o.reversed, o.currency)}</td><td data-label={t('net')} class="num">{money(o.net, o.currency)}</td><td data-label={t('bonuses')} class="num">{money(o.bonuses, o.currency)}</td><td data-label={t('paidOut')} class="num">{money(o.paidOut, o.currency)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
    </>
  );
}
