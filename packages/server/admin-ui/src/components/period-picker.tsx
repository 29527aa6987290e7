import { useState } from 'preact/hooks';
import { isoDay } from '../format';
import { t } from '../i18n';

/** A period of whole days, `YYYY-MM-DD`, both inclusive. */
export interface PeriodValue {
  from: string;
  to: string;
}

/** The last `days` days ending today. */
export const lastDays = (days: number): PeriodValue => {
  const to = new Date();
  return { from: isoDay(new Date(to.getTime() - (days - 1) * 86_400_000)), to: isoDay(to) };
};

/** From / to date inputs with 7, 30 and 90 day shortcuts. */
export function PeriodPicker({ value, onChange }: { value: PeriodValue; onChange: (p: PeriodValue) => void }) {
  const [draft, setDraft] = useState(value);
  return (
    <form class="period" onSubmit={(e) => { e.preventDefault(); onChange(draft); }}>
      {[7, 30, 90].map((d) => (
        <button key={d} type="button" class="ghost" aria-label={t('lastNDays', { n: d })} onClick={() => { const p = lastDays(d); setDraft(p); onChange(p); }}>
          {t('nDaysShort', { n: d })}
        </button>
      ))}
      <label>
        <span class="sr-only">{t('from')}</span>
        <input type="date" value={draft.from} max={draft.to} aria-label={t('from')} onInput={(e) => setDraft({ ...draft, from: (e.currentTarget as HTMLInputElement).value })} />
      </label>
      <span aria-hidden="true">–</span>
      <label>
        <span class="sr-only">{t('to')}</span>
        <input type="date" value={draft.to} min={draft.from} aria-label={t('to')} onInput={(e) => setDraft({ ...draft, to: (e.currentTarget as HTMLInputElement).value })} />
      </label>
      <button type="submit">{t('apply')}</button>
    </form>
  );
}
