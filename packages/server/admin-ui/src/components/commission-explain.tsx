import { describeCommission, describeNotPaid, type DescribedCommission } from '@twotier/core';
import { money } from '../format';
import { lang, t } from '../i18n';
import { BASE, onLink } from '../router';

/** A distributor as a commission names them. */
export interface Who {
  id: string;
  code?: string | null | undefined;
  name?: string | null | undefined;
}

/** Code and name of a distributor, linked to their page (the id when the code is unknown). */
export const WhoLink = ({ who }: { who: Who }) => (
  <a href={`${BASE}/distributors/${who.id}`} onClick={onLink(`/distributors/${who.id}`)}>
    {who.code ? `${who.code}${who.name ? ` · ${who.name}` : ''}` : who.id}
  </a>
);

/** The text of a distributor for a sentence ("TEA01 · Wang Fang"). */
export const whoText = (who: { code?: string | null | undefined; name?: string | null | undefined } | undefined, id: string): string => (who?.code ? `${who.code}${who.name ? ` · ${who.name}` : ''}` : id);

/** A commission as the owner reads it: who (linked), each line's rate × base and where it came from, the cap, the total. */
export function CommissionExplain({ explanation, amount, currency, who }: { explanation: DescribedCommission | null | undefined; amount: number; currency: string; who?: Who | undefined }) {
  const d = describeCommission(explanation ?? {}, amount, lang.value, (m) => money(m, currency));
  return (
    <div class="explain">
      <p>
        {who ? <><WhoLink who={who} /> · </> : null}
        <strong>{d.total}</strong>
      </p>
      {d.lines.length ? <ul>{d.lines.map((l, i) => <li key={i}>{l}</li>)}</ul> : null}
      {d.cap ? <p class="muted">{d.cap}</p> : null}
    </div>
  );
}

/** Why levels of an order were not paid, in the owner's language, distributors by code and name. */
export function NotPaid({ notPaid, people }: { notPaid: { level: number; reason: string }[]; people: Record<string, { code: string; name: string }> }) {
  if (!notPaid.length) return null;
  return (
    <ul class="not-paid" aria-label={t('notPaidTitle')}>
      {notPaid.map((n, i) => <li key={i} class="muted">{describeNotPaid(n, lang.value, (id) => whoText(people[id], id))}</li>)}
    </ul>
  );
}

/** What a commission's status pill says: `reversed` once refunds took all of it back. */
export const commissionStatus = (c: { amount: number; reversed: number; status: string }): string => (c.amount > 0 && c.reversed >= c.amount ? 'reversed' : c.status);
