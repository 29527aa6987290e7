import { useRef } from 'preact/hooks';
import { Card } from '../components/ui';
import { t } from '../i18n';
import { emptyRule, type ProgramForm, type RuleForm } from '../program-form';
import type { Issues } from './program';

const RULE_HELP = {
  en: 'Each line of the order takes the first matching rule (higher priority first, then sku before category before everything). Lists are comma separated. A rate is "10%" or a fixed amount per unit such as "1.50".',
  zh: '订单的每一行采用第一条匹配的规则（优先级高者先，其次 SKU 优先于类目、类目优先于全部）。列表用逗号分隔。佣金填写 "10%" 或每件固定金额如 "1.50"。',
};

/** The rules editor: one card per rule, every field checked live by core's programSchema. */
export function RulesEditor({ form, set, issues }: { form: ProgramForm; set: (p: Partial<ProgramForm>) => void; issues: Issues }) {
  // A rule just added is not an error before the owner types in it: editing replaces the object, so it leaves this set.
  const fresh = useRef(new WeakSet<RuleForm>()).current;
  const update = (i: number, patch: Partial<RuleForm>) => set({ rules: form.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const errorsOf = (i: number) => (fresh.has(form.rules[i]!) ? [] : [...issues].filter(([p]) => p === `rules.${i}` || p.startsWith(`rules.${i}.`)));
  const add = () => {
    const rule = emptyRule(form.rules.length + 1);
    fresh.add(rule);
    set({ rules: [...form.rules, rule] });
  };
  const text = (i: number, key: keyof RuleForm, label: string, placeholder = '') => (
    <label>
      {label}
      <input name={`rule-${i}-${key}`} value={form.rules[i]![key] as string} placeholder={placeholder} onInput={(e) => update(i, { [key]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );
  return (
    <Card title={t('rules')}>
      <p class="muted">{document.documentElement.lang === 'zh-CN' ? RULE_HELP.zh : RULE_HELP.en}</p>
      {form.rules.map((r, i) => {
        const errs = errorsOf(i);
        return (
          <fieldset class={`rule ${errs.length ? 'has-error' : ''}`} key={i} data-rule={r.id}>
            <legend>{r.id || `#${i + 1}`}</legend>
            <div class="rule-grid">
              {text(i, 'id', 'ID')}
              {text(i, 'priority', t('priority'), '0')}
              {text(i, 'sku', 'SKU', 'TEA-1, TEA-2')}
              {text(i, 'category', t('category'))}
              {text(i, 'region', t('region'))}
              {text(i, 'grade', t('grade'))}
              <label>{t('customer')}
                <select value={r.customer} onChange={(e) => update(i, { customer: (e.currentTarget as HTMLSelectElement).value as never })}>
                  <option value="">{t('all')}</option>
                  <option value="new">{t('newCustomer')}</option>
                  <option value="returning">{t('returningCustomer')}</option>
                </select>
              </label>
              {text(i, 'from', t('from'), 'YYYY-MM-DD')}
              {text(i, 'until', t('to'), 'YYYY-MM-DD')}
              {text(i, 'level1', 'L1', '10% / 1.50')}
              {form.levels === 2 ? text(i, 'level2', 'L2', '5% / 0.50') : null}
              <label class="check"><input type="checkbox" checked={r.exclude} onChange={(e) => update(i, { exclude: (e.currentTarget as HTMLInputElement).checked })} /> {t('exclude')}</label>
            </div>
            {errs.length ? (
              <ul class="field-error" role="alert">
                {errs.map(([p, m]) => <li key={p}>{p.replace(`rules.${i}`, r.id || `#${i + 1}`)}: {m}</li>)}
              </ul>
            ) : null}
            <button type="button" class="ghost" onClick={() => set({ rules: form.rules.filter((_, j) => j !== i) })}>{t('remove')}</button>
          </fieldset>
        );
      })}
      <button type="button" onClick={add}>+ {t('addRule')}</button>
    </Card>
  );
}
