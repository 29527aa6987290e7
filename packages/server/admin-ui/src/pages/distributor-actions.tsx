import type { DistributorPatch } from '@twotier/core/schema';
import { useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { Card, Notice } from '../components/ui';
import { t } from '../i18n';
import { useAsync } from '../use-async';
import type { DistributorRow } from './distributors';

/** Approve, suspend, change grade, move parent (cycles refused by the API), add a coupon. */
export function DistributorActions({ d, onChanged, coupons }: { d: DistributorRow; onChanged: () => void; coupons: { code: string }[] }) {
  const program = useAsync(() => api('GET', '/v1/program'), []);
  const [error, setError] = useState<Error | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [grade, setGrade] = useState(d.grade ?? '');
  const [parent, setParent] = useState(d.parentCode ?? '');
  const [coupon, setCoupon] = useState('');
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    setOk(null);
    try {
      await fn();
      setOk(t('saved'));
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  const patch = (body: DistributorPatch) => run(() => api('PATCH', `/v1/distributors/${d.id}`, body));
  const move = () =>
    run(async () => {
      const code = parent.trim();
      if (!code) return api('PATCH', `/v1/distributors/${d.id}`, { parentId: null });
      const found = await api('GET', withQuery('/v1/distributors', { q: code, limit: 5 }));
      const target = found.data.find((x) => x.code === code);
      if (!target) throw new Error(`${t('code')} ${code}: not found`);
      return api('PATCH', `/v1/distributors/${d.id}`, { parentId: target.id });
    });
  return (
    <Card title={t('actions')}>
      <div class="actions">
        <div class="action-row">
          {d.status === 'pending' ? <button type="button" class="primary" onClick={() => confirm(t('approveDistributorConfirm', { who: `${d.code} · ${d.name}` })) && patch({ status: 'active' })}>{t('approve')}</button> : null}
          {d.status === 'active' ? <button type="button" class="danger" onClick={() => confirm(t('suspendConfirm', { who: `${d.code} · ${d.name}` })) && patch({ status: 'suspended' })}>{t('suspend')}</button> : null}
          {d.status === 'suspended' ? <button type="button" onClick={() => patch({ status: 'active' })}>{t('reactivate')}</button> : null}
        </div>
        <form class="action-row" onSubmit={(e) => { e.preventDefault(); void patch({ grade: grade || null }); }}>
          <label>{t('changeGrade')}
            <select value={grade} onChange={(e) => setGrade((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('defaultGrade')}</option>
              {program.data?.grades.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </label>
          <button type="submit">{t('save')}</button>
        </form>
        <form class="action-row" onSubmit={(e) => { e.preventDefault(); void move(); }}>
          <label>{t('moveParent')}
            <input name="parent" value={parent} onInput={(e) => setParent((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit">{t('move')}</button>
        </form>
        <form class="action-row" onSubmit={(e) => { e.preventDefault(); void run(() => api('POST', '/v1/coupons', { code: coupon.trim(), distributorId: d.id }).then(() => setCoupon(''))); }}>
          <label>{t('addCoupon')}
            <input name="coupon" value={coupon} onInput={(e) => setCoupon((e.currentTarget as HTMLInputElement).value)} placeholder={t('couponCode')} />
          </label>
          <button type="submit" disabled={!coupon.trim()}>{t('addCoupon')}</button>
        </form>
        <p class="muted">{t('coupons')}: {coupons.length ? coupons.map((c) => c.code).join(', ') : t('none')}</p>
      </div>
      <Notice error={error} ok={ok} />
    </Card>
  );
}
