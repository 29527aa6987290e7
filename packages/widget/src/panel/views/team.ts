import type { Recruit } from '@twotier/core/schema';
import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../context';
import { html } from '../html';
import { withReferral } from '../share-targets';
import { CopyRow } from './share';

/** The distributor's direct recruits with their sales, and the invite link. Nothing deeper is shown. */
export const TeamView = ({ t, money, api, me, win }: ViewProps) => {
  const [list, setList] = useState<Recruit[] | null>(null);
  useEffect(() => {
    api.recruits().then((r) => setList(r.data), () => setList([]));
  }, [api]);
  const base = me.links[0] || win.location.origin + '/';
  const invite = (() => {
    const u = new URL(withReferral(base, me.distributor!.code));
    u.searchParams.set('tt_invite', '1');
    return u.href;
  })();
  return html`
    ${me.program.levels > 1 &&
    html`<${CopyRow} label=${t('invite')} url=${invite} t=${t} win=${win} />
      <p class="muted">${t('inviteText')}</p>`}
    <h3>${t('recruits')}</h3>
    ${list && !list.length && html`<p class="muted">${t('none')}</p>`}
    <ul>
      ${(list || []).map(
        (r) => html`<li key=${r.id}>
          <b>${r.displayName}</b>
          <div class="muted">${t('recruitSales', { orders: r.orders, sales: money(r.sales), earned: money(r.myCommission) })}</div>
        </li>`,
      )}
    </ul>
  `;
};
