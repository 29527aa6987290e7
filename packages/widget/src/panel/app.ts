import type { MeResponse } from '@twotier/core/schema';
import { useEffect, useState } from 'preact/hooks';
import type { PanelContext } from '../loader/types';
import type { Inviter, PanelApi } from './api';
import type { ViewProps } from './context';
import { Dialog } from './dialog';
import { html } from './html';
import type { Locale, PanelTranslate } from './i18n';
import { Lazy } from './lazy';
import { ShareView } from './views/share';
import { InvitedBy, JoinView } from './views/visitor';

/** Props of {@link App}. */
export interface AppProps {
  ctx: PanelContext;
  win: Window;
  api: PanelApi;
  t: PanelTranslate;
  locale: Locale;
  inline: boolean;
  /** Receives the setter for identity tokens that arrive after mounting. */
  onToken: (set: (token: string) => void) => void;
}

type Tab = 'share' | 'earnings' | 'team';

// Earnings and team are chunks of their own, imported when their tab is first opened.
const loadEarnings = () => import('./views/earnings');
const loadTeam = () => import('./views/team');

/** The share panel: loads what the visitor or distributor may see and shows it inline or in a dialog. */
export const App = ({ ctx, win, api, t, locale, inline, onToken }: AppProps) => {
  const [token, setToken] = useState(ctx.token);
  const [inviter, setInviter] = useState<Inviter | null>(null);
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(() => /[?&]tt_invite=1/.test(win.location.search));
  const [tab, setTab] = useState<Tab>('share');
  const { code, visitorId } = ctx.referral;
  onToken(setToken);

  useEffect(() => {
    if (code) api.inviter(code, visitorId, ctx.touch).then(setInviter, ctx.log);
  }, [code]);
  useEffect(() => {
    if (!token) return;
    api
      .signIn(token, visitorId)
      .then(() => api.me())
      .then(setMe, (e: Error) => (setError(e.message), ctx.log(e)));
  }, [token]);
  const reload = () => api.me().then(setMe, ctx.log);

  const distributor = me?.distributor;
  const active = distributor && distributor.status == 'active';
  if (!inviter && !me && !error) return null;

  const tabs: [Tab, string][] = [['share', t('tabShare')], ['earnings', t('tabEarnings')], ['team', t('tabTeam')]];
  const props: ViewProps | null = me && { t, locale, api, win, me, reload, ctx };
  const body = html`
    ${error && html`<p role="alert">${t('error', { message: error })}</p>`}
    ${inviter && !distributor && html`<${InvitedBy} inviter=${inviter} t=${t} named=${!!me} />`}
    ${me && !distributor && html`<${JoinView} t=${t} api=${api} parentCode=${inviter?.code || code} onJoined=${reload} />`}
    ${distributor && !active && html`<p class="note">${t('pendingApproval')}</p>`}
    ${active &&
    html`<div class="tabs" role="tablist">
        ${tabs.map(
          ([id, label]) => html`<button class="tab" role="tab" id=${'tt-tab-' + id} aria-selected=${tab == id} aria-controls="tt-tabpanel" key=${id}
            onClick=${() => setTab(id)}>${label}</button>`,
        )}
      </div>
      <div class="body" role="tabpanel" id="tt-tabpanel" aria-labelledby=${'tt-tab-' + tab} key=${tab}>
        ${tab == 'share'
          ? html`<${ShareView} ...${props} />`
          : html`<${Lazy} load=${tab == 'earnings' ? loadEarnings : loadTeam} props=${props} t=${t} nonce=${ctx.script.nonce} />`}
      </div>`}
  `;
  const title = active ? t('title') : me ? t('joinTitle') : t('invitedBy', { name: inviter!.displayName });
  const label = active ? t('title') : inviter && !me ? t('invitedBy', { name: inviter.displayName }) : t('joinTitle');
  return inline
    ? html`<section class="inline" aria-label=${title}><header><h2>${title}</h2></header><div class=${active ? '' : 'body'}>${body}</div></section>`
    : html`<${Dialog} win=${win} open=${open} setOpen=${setOpen} title=${title} label=${label} closeLabel=${t('close')} plain=${!active}
        position=${ctx.script.dataset.position}>${body}<//>`;
};
