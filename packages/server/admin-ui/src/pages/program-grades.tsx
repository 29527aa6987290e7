import { Card } from '../components/ui';
import { t } from '../i18n';
import type { GradeForm, ProgramForm } from '../program-form';
import { useSession } from '../session';
import type { Issues } from './program';

/** Grades with their rates and automatic upgrade thresholds. */
export function GradesEditor({ form, set, issues }: { form: ProgramForm; set: (p: Partial<ProgramForm>) => void; issues: Issues }) {
  const { session } = useSession();
  const update = (i: number, patch: Partial<GradeForm>) => set({ grades: form.grades.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
  const input = (i: number, key: keyof GradeForm, label: string, path: string) => {
    const err = issues.get(`grades.${i}.${path}`);
    return (
      <label class={err ? 'has-error' : ''}>
        {label}
        <input value={form.grades[i]![key]} onInput={(e) => update(i, { [key]: (e.currentTarget as HTMLInputElement).value })} aria-invalid={err ? 'true' : undefined} />
        {err ? <small class="field-error">{err}</small> : null}
      </label>
    );
  };
  return (
    <Card title={t('grades')}>
      {form.grades.map((g, i) => (
        <div class="grade-row" key={i}>
          {input(i, 'id', t('gradeId'), 'id')}
          {input(i, 'name', t('gradeName'), 'name')}
          {input(i, 'level1', t('level1Rate'), 'level1Bps')}
          {form.levels === 2 ? input(i, 'level2', t('level2Rate'), 'level2Bps') : null}
          {input(i, 'upgradeAt', `${t('upgradeAt')} (${session.shop.currency})`, 'upgradeAtSales')}
          <button type="button" class="ghost" onClick={() => set({ grades: form.grades.filter((_, j) => j !== i) })}>{t('remove')}</button>
        </div>
      ))}
      <button type="button" onClick={() => set({ grades: [...form.grades, { id: `grade-${form.grades.length + 1}`, name: '', level1: '10', level2: '5', upgradeAt: '' }] })}>+ {t('addGrade')}</button>
    </Card>
  );
}
