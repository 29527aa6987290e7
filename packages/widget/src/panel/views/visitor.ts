import { useState } from 'preact/hooks';
import type { Inviter, PanelApi } from '../api';
import { html } from '../html';
import type { Translate } from '../i18n';

/**
 * "Invited by …" (or, when the dialog's title already says it, what that means for the visitor), with the
 * shop's welcome coupon when it has a referee reward.
 */
export const InvitedBy = ({ inviter, t, named }: { inviter: Inviter; t: Translate; named: boolean }) =>
  html`<div class="note">
    ${named ? html`<b>${t('invitedBy', { name: inviter.displayName })}</b>` : html`<p>${t('invitedText')}</p>`}
    ${inviter.welcomeCoupon && html`<p>${t('welcome', { code: inviter.welcomeCoupon.code })}</p>`}
  </div>`;

/** The join flow: accept the terms, never a fee. The parent is the inviter, if any. */
export const JoinView = ({ t, api, parentCode, onJoined }: { t: Translate; api: PanelApi; parentCode: string | null; onJoined: () => void }) => {
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.join(parentCode);
      onJoined();
    } catch (err) {
      setError(t('error', { message: (err as Error).message }));
    }
    setBusy(false);
  };
  return html`<form onSubmit=${join}>
    <h3>${t('joinTitle')}</h3>
    <p>${t('joinText')}</p>
    <label><input type="checkbox" checked=${accepted} onChange=${(e: Event) => setAccepted((e.target as HTMLInputElement).checked)} /><span>${t('joinTerms')}</span></label>
    <button class="btn primary" type="submit" disabled=${!accepted || busy}>${t('joinButton')}</button>
    ${error && html`<p role="alert">${error}</p>`}
  </form>`;
};
