import { useState } from 'preact/hooks';
import type { Inviter, PanelApi } from '../api';
import { html } from '../html';
import type { PanelTranslate } from '../i18n';

/**
 * "Invited by …" (or, when the dialog's title already says it, what that means for the visitor), with the
 * shop's welcome coupon when it has a referee reward.
 */
export const InvitedBy = ({ inviter, t, named }: { inviter: Inviter; t: PanelTranslate; named: boolean }) =>
  html`<div class="note">
    ${named ? html`<b>${t('invitedBy', { name: inviter.displayName })}</b>` : html`<p>${t('invitedText')}</p>`}
    ${inviter.welcomeCoupon && html`<p>${t('welcome', { code: inviter.welcomeCoupon.code })}</p>`}
  </div>`;

const CODE = /^[\w-]{1,64}$/;

/**
 * The join flow: accept the terms, never a fee. The parent is the inviter of the link the visitor came
 * through, or the invite code they type (friends say codes aloud); a typed code is checked before joining.
 */
export const JoinView = ({ t, api, parentCode, onJoined }: { t: PanelTranslate; api: PanelApi; parentCode: string | null; onJoined: () => void }) => {
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState(parentCode || '');
  const [checked, setChecked] = useState<{ code: string; name: string | null } | null>(null);
  const typed = code.trim();
  /** The inviter's name, or `null` when no distributor has the code. */
  const check = async (c: string): Promise<string | null> => {
    if (checked?.code == c) return checked.name;
    const name = CODE.test(c) ? await api.distributor(c).then((d) => d.displayName, () => null) : null;
    setChecked({ code: c, name });
    return name;
  };
  const join = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (typed && (await check(typed)) === null) throw new Error(t('inviteCodeUnknown', { code: typed }));
      await api.join(typed || null);
      onJoined();
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  };
  const known = checked && checked.code == typed ? checked.name : undefined;
  return html`<form onSubmit=${join}>
    <h3>${t('joinTitle')}</h3>
    <p>${t('joinText')}</p>
    <label class="field">
      <span>${t('inviteCode')}</span>
      <input type="text" name="invite" autocomplete="off" autocapitalize="off" spellcheck=${false} maxlength="64" value=${code}
        aria-describedby="tt-invite-hint" onInput=${(e: Event) => setCode((e.target as HTMLInputElement).value)}
        onBlur=${() => typed && check(typed)} />
    </label>
    <p class="muted" id="tt-invite-hint" role="status">
      ${known ? t('inviteCodeFound', { name: known }) : known === null ? t('inviteCodeUnknown', { code: typed }) : t('inviteCodeHint')}
    </p>
    <label><input type="checkbox" checked=${accepted} onChange=${(e: Event) => setAccepted((e.target as HTMLInputElement).checked)} /><span>${t('joinTerms')}</span></label>
    <button class="btn primary" type="submit" disabled=${!accepted || busy}>${t('joinButton')}</button>
    ${error && html`<p role="alert">${t('error', { message: error })}</p>`}
  </form>`;
};
