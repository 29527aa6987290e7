import { useState } from 'preact/hooks';
import { api } from '../api';
import { Card, Notice, PageHeader } from '../components/ui';
import { money } from '../format';
import { t, tn } from '../i18n';
import type { ProgramForm } from '../program-form';
import { useSession } from '../session';
import { useProgramDraft } from './program';
import { RulesEditor } from './program-rules';

interface Totals { actual: number; wouldBe: number; delta: number; baseline: number; edit: number; drift: number }
interface Simulation { orders: number; truncated: boolean; total: Totals; levels: (Totals & { level: number })[]; distributors: (Totals & { distributorId: string; code: string; name: string })[] }

const Delta = ({ v, cur }: { v: number; cur: string }) => <span class={v > 0 ? 'up' : v < 0 ? 'down' : 'flat'}>{v > 0 ? '+' : ''}{money(v, cur)}</span>;

/** Replays recent orders through the draft program (shared with the program page) and compares. */
export function Simulator() {
  const { session } = useSession();
  const cur = session.shop.currency;
  const { form, setForm, checked, reset } = useProgramDraft();
  const [days, setDays] = useState('30');
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  if (!form || !checked) return <><PageHeader title={t('simulator')} /><p class="muted">{t('loading')}</p></>;
  const set = (patch: Partial<ProgramForm>) => setForm({ ...form, ...patch });
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api('POST', '/v1/program/simulate', { program: checked.program, days: Number(days) }));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title={t('simulator')}>
        <button type="button" class="ghost" onClick={reset}>{t('useCurrent')}</button>
      </PageHeader>
      <p class="muted">{t('simulatorIntro')}</p>
      <Card title={t('defaultRates')}>
        <div class="form-grid">
          <label>{t('level1Rate')}<input name="sim-level1" value={form.level1} onInput={(e) => set({ level1: (e.currentTarget as HTMLInputElement).value })} /></label>
          {form.levels === 2 ? <label>{t('level2Rate')}<input name="sim-level2" value={form.level2} onInput={(e) => set({ level2: (e.currentTarget as HTMLInputElement).value })} /></label> : null}
        </div>
      </Card>
      <RulesEditor form={form} set={set} issues={checked.issues} />
      <form class="save-bar" onSubmit={run}>
        <span class={checked.issues.size ? 'invalid' : 'valid'} role="status">{checked.issues.size ? [...checked.issues].map(([p, m]) => `${p}: ${m}`).join(' · ') : `✓ ${t('valid')}`}</span>
        <label class="inline">{t('days')}<input name="days" type="number" min="1" max="365" value={days} onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)} /></label>
        <button type="submit" class="primary" disabled={busy || checked.issues.size > 0}>{busy ? t('running') : t('run')}</button>
      </form>
      <Notice error={error} />
      {result ? (
        <section class="sim-result" aria-live="polite">
          <p class="muted">{tn('ordersReplayed', result.orders)} {result.truncated ? t('truncated') : ''}</p>
          <p data-testid="sim-edit"><strong>{t('simEditChange')}</strong> <Delta v={result.total.edit} cur={cur} /></p>
          {result.total.drift !== 0 ? <p class="notice" data-testid="sim-drift">{t('simDrift', { amount: `${result.total.drift > 0 ? '+' : ''}${money(result.total.drift, cur)}` })}</p> : null}
          <div class="table-wrap">
            <table class="table stack" data-testid="sim-levels">
              <thead><tr><th>{t('level')}</th><th class="num">{t('actual')}</th><th class="num">{t('simBaseline')}</th><th class="num">{t('wouldBe')}</th><th class="num">{t('simEditChange')}</th></tr></thead>
              <tbody>
                {[...result.levels.map((l) => ({ ...l, name: `L${l.level}` })), { ...result.total, name: 'Σ' }].map((l) => (
                  <tr key={l.name} class={l.name === 'Σ' ? 'total' : undefined}>
                    <td class="stack-head">{l.name}</td>
                    <td data-label={t('actual')} class="num">{money(l.actual, cur)}</td>
                    <td data-label={t('simBaseline')} class="num">{money(l.baseline, cur)}</td>
                    <td data-label={t('wouldBe')} class="num">{money(l.wouldBe, cur)}</td>
                    <td data-label={t('simEditChange')} class="num"><Delta v={l.edit} cur={cur} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table class="table stack" data-testid="sim-distributors">
              <thead><tr><th>{t('distributor')}</th><th class="num">{t('actual')}</th><th class="num">{t('wouldBe')}</th><th class="num">{t('simEditChange')}</th></tr></thead>
              <tbody>
                {result.distributors.map((d) => <tr key={d.distributorId}><td class="stack-head"><span>{d.code} <span class="muted">{d.name}</span></span></td><td data-label={t('actual')} class="num">{money(d.actual, cur)}</td><td data-label={t('wouldBe')} class="num">{money(d.wouldBe, cur)}</td><td data-label={t('simEditChange')} class="num"><Delta v={d.edit} cur={cur} /></td></tr>)}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
