import { programSchema, type ProgramInput } from '@twotier/core/schema';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { Card, Notice, PageHeader } from '../components/ui';
import { t } from '../i18n';
import { fromForm, toForm, type ProgramForm } from '../program-form';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { GradesEditor } from './program-grades';
import { RulesEditor } from './program-rules';
import { ShopSettings } from './program-shop';

/** Issues of the draft by path (`rules.0.level1`), from core's programSchema: the server's own validation. */
export type Issues = Map<string, string>;

/** Validates the editor's draft with core's programSchema. */
export function validate(form: ProgramForm, currency: string): { program: ProgramInput; issues: Issues } {
  const program = fromForm(form, currency);
  const r = programSchema.safeParse(program);
  const issues: Issues = new Map();
  if (!r.success) for (const i of r.error.issues) issues.set(i.path.join('.'), i.message);
  return { program, issues };
}

/** The draft being edited, kept across the program and simulator pages until saved or reset. */
let sharedDraft: ProgramForm | null = null;

/** Hook shared with the simulator: the saved program as an editable draft. */
export function useProgramDraft() {
  const { session } = useSession();
  const saved = useAsync(() => api('GET', '/v1/program'), []);
  const [form, setFormState] = useState<ProgramForm | null>(sharedDraft);
  const setForm = (f: ProgramForm | null) => {
    sharedDraft = f;
    setFormState(f);
  };
  const reset = () => saved.data && setForm(toForm(saved.data, session.shop.currency));
  useEffect(() => {
    if (saved.data && !form) setForm(toForm(saved.data, session.shop.currency));
  }, [saved.data]);
  const checked = useMemo(() => (form ? validate(form, session.shop.currency) : null), [form]);
  return { saved, form, setForm, checked, reset };
}

/** Levels, rates, grades, rules, attribution, payouts, and the shop's keys and integrations. */
export function ProgramPage() {
  const { session } = useSession();
  const { saved, form, setForm, checked } = useProgramDraft();
  const [error, setError] = useState<Error | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  if (!form || !checked) return <><PageHeader title={t('program')} /><Notice error={saved.error} /><p class="muted">{t('loading')}</p></>;
  const set = (patch: Partial<ProgramForm>) => { setOk(null); setForm({ ...form, ...patch }); };
  const issue = (path: string) => checked.issues.get(path);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setOk(null);
    try {
      const next = await api('PUT', '/v1/program', checked.program);
      setForm(toForm(next, session.shop.currency));
      setOk(t('saved'));
    } catch (err) {
      setError(err as Error);
    }
  };
  const field = (label: string, key: keyof ProgramForm, path: string, attrs: Record<string, unknown> = {}) => (
    <label class={issue(path) ? 'has-error' : ''}>
      {label}
      <input value={form[key] as string} onInput={(e) => set({ [key]: (e.currentTarget as HTMLInputElement).value } as never)} aria-invalid={issue(path) ? 'true' : undefined} {...attrs} />
      {issue(path) ? <small class="field-error">{issue(path)}</small> : null}
    </label>
  );
  return (
    <>
      <PageHeader title={t('program')} />
      <form onSubmit={save} class="program">
        <Card title={t('levels')}>
          <div class="radios" role="radiogroup" aria-label={t('levels')}>
            <label><input type="radio" name="levels" checked={form.levels === 1} onChange={() => set({ levels: 1, level2: '0' })} /> {t('oneLevel')}</label>
            <label><input type="radio" name="levels" checked={form.levels === 2} onChange={() => set({ levels: 2 })} /> {t('twoLevels')}</label>
          </div>
          <p class="legal">{t('legalNote')}</p>
        </Card>
        <Card title={t('defaultRates')}>
          <div class="form-grid">
            {field(t('level1Rate'), 'level1', 'defaultRates.level1Bps', { inputMode: 'decimal' })}
            {field(t('level2Rate'), 'level2', 'defaultRates.level2Bps', { inputMode: 'decimal', disabled: form.levels === 1 })}
          </div>
        </Card>
        <GradesEditor form={form} set={set} issues={checked.issues} />
        <RulesEditor form={form} set={set} issues={checked.issues} />
        <Card title={t('attribution')}>
          <div class="form-grid">
            <label>{t('attributionModel')}
              <select value={form.attributionModel} onChange={(e) => set({ attributionModel: (e.currentTarget as HTMLSelectElement).value as never })}>
                <option value="last_click">{t('lastClick')}</option>
                <option value="first_click">{t('firstClick')}</option>
              </select>
            </label>
            {field(t('windowDays'), 'attributionWindowDays', 'attributionWindowDays', { inputMode: 'numeric' })}
            <label>{t('binding')}
              <select value={form.bindingMode} onChange={(e) => set({ bindingMode: (e.currentTarget as HTMLSelectElement).value as never })}>
                <option value="none">{t('bindingNone')}</option>
                <option value="days">{t('bindingDays')}</option>
                <option value="permanent">{t('bindingPermanent')}</option>
              </select>
            </label>
            {form.bindingMode === 'days' ? field(t('bindingDaysLabel'), 'bindingDays', 'binding', { inputMode: 'numeric' }) : null}
            <label>{t('selfPurchase')}
              <select value={form.selfPurchase} onChange={(e) => set({ selfPurchase: (e.currentTarget as HTMLSelectElement).value as never })}>
                <option value="block">{t('block')}</option>
                <option value="allow">{t('allow')}</option>
              </select>
            </label>
            {field(t('holdDays'), 'holdDays', 'holdDays', { inputMode: 'numeric' })}
            {field(t('cap'), 'cap', 'capBps', { inputMode: 'decimal' })}
          </div>
        </Card>
        <Card title={t('withdrawals')}>
          <div class="form-grid">
            {field(`${t('minWithdrawal')} (${session.shop.currency})`, 'minWithdrawal', 'minWithdrawal', { inputMode: 'decimal' })}
            {field(t('withdrawalFeePercent'), 'feePercent', 'withdrawalFee.bps', { inputMode: 'decimal', placeholder: '0', name: 'feePercent' })}
            {field(`${t('withdrawalFeeFixed')} (${session.shop.currency})`, 'feeFixed', 'withdrawalFee.fixed', { inputMode: 'decimal', placeholder: '0', name: 'feeFixed' })}
            {field(t('withdrawalLimitCount'), 'limitCount', 'withdrawalLimit.count', { inputMode: 'numeric', placeholder: t('noLimit'), name: 'limitCount' })}
            <label>{t('withdrawalLimitPeriod')}
              <select name="limitPeriod" value={form.limitPeriod} disabled={form.limitCount.trim() === ''} onChange={(e) => set({ limitPeriod: (e.currentTarget as HTMLSelectElement).value as never })}>
                <option value="day">{t('perDay')}</option>
                <option value="week">{t('perWeek')}</option>
                <option value="month">{t('perMonth')}</option>
              </select>
            </label>
          </div>
          <p class="muted">{t('withdrawalFeeHint')}</p>
        </Card>
        <div class="save-bar">
          <span class={checked.issues.size ? 'invalid' : 'valid'} role="status" data-testid="validation">
            {checked.issues.size ? [...checked.issues].map(([p, m]) => `${p || 'program'}: ${m}`).join(' · ') : `✓ ${t('valid')}`}
          </span>
          <Notice error={error} ok={ok} />
          <button type="submit" class="primary" disabled={checked.issues.size > 0}>{t('saveProgram')}</button>
        </div>
      </form>
      <ShopSettings />
    </>
  );
}
