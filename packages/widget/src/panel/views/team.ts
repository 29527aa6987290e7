/** The team (lazy chunk `team-<hash>.js`): the invite link and the direct recruits with their sales; nothing deeper is shown. */
import { formatMoney } from '@twotier/core';
import type { Recruit } from '@twotier/core/schema';
import { CopyRow, html, strings, useEffect, useState, withReferral, type ViewProps } from '../kit';

const text = strings(
  {
    recruits: 'Your recruits',
    recruitSales: '{orders} orders · {sales} · you earned {earned}',
    invite: 'Invite friends to share too',
    inviteText: 'Friends who join through it earn you a level-2 commission on their sales, never for joining. They can also type your code {code} when they join.',
    none: 'Nothing yet.',
  },
  [
    '我的下级推广员',
    '{orders} 笔订单 · 销售额 {sales} · 你获得 {earned}',
    '邀请好友一起推广',
    '好友通过此链接加入后，你可从其销售中获得二级佣金（邀请本身无奖励）。好友加入时也可以填写你的邀请码 {code}。',
    '暂无记录。',
  ],
);

/** The words of the team view (exported for the dictionary test). */
export const teamText = text;

const TeamView = ({ t: panelT, locale, api, me, win }: ViewProps) => {
  const t = text(locale);
  const money = (minor: number) => formatMoney(minor, me.program.currency, locale);
  const [list, setList] = useState<Recruit[] | null>(null);
  useEffect(() => {
    api.recruits().then((r) => setList(r.data), () => setList([]));
  }, [api]);
  const code = me.distributor!.code;
  const invite = (() => {
    const u = new URL(withReferral(me.links[0] || win.location.origin + '/', code));
    u.searchParams.set('tt_invite', '1');
    return u.href;
  })();
  return html`
    ${me.program.levels > 1 &&
    html`<${CopyRow} label=${t('invite')} url=${invite} t=${panelT} win=${win} />
      <p class="muted">${t('inviteText', { code })}</p>`}
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

export default TeamView;
