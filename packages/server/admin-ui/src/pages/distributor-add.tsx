import { useState } from 'preact/hooks';
// the share panel's QR encoder (level M, byte mode), bundled here from its source
import { encodeQr } from '@twotier/core';
import { api } from '../api';
import { Dialog, Notice } from '../components/ui';
import { t } from '../i18n';
import { useSession } from '../session';

/** A distributor as `POST /v1/distributors` answers. */
interface Created { id: string; code: string; name: string }

/** The link a distributor shares: the shop's first allowed origin with `?ref=CODE`. */
export const referralLink = (origins: string[], code: string): string => `${origins[0] ?? location.origin}/?ref=${encodeURIComponent(code)}`;

/** A QR code of `text` as an SVG (a 4-module quiet zone), or nothing when the text is too long. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = encodeQr(text);
  if (!qr) return null;
  let d = '';
  qr.modules.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x + 4} ${y + 4}h1v1h-1z`)));
  return (
    <svg class="invite-qr" role="img" aria-label={label} viewBox={`0 0 ${qr.size + 8} ${qr.size + 8}`} shape-rendering="crispEdges">
      <rect width="100%" height="100%" fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

/** A text to copy, with its button. */
export function CopyField({ value, label, multiline }: { value: string; label: string; multiline?: boolean }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // no clipboard (an insecure origin): the text stays selectable
    }
  };
  return (
    <div class="copy-field">
      {multiline ? <textarea readOnly rows={3} aria-label={label} value={value} /> : <input readOnly aria-label={label} value={value} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />}
      <button type="button" onClick={() => void copy()}>{copied ? t('copiedSnippet') : t('copySnippet')}</button>
    </div>
  );
}

/**
 * "Add distributor": name, optional email, code and recruiter; then the new distributor's
 * referral and invite link with its QR code, to send them.
 */
export function AddDistributorDialog({ open, initialCode, onClose, onAdded }: { open: boolean; initialCode?: string; onClose: () => void; onAdded: () => void }) {
  const { session } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [code, setCode] = useState(initialCode ?? '');
  const [parentCode, setParentCode] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const reset = () => {
    setName('');
    setEmail('');
    setCode('');
    setParentCode('');
    setError(null);
    setCreated(null);
  };
  const close = () => {
    reset();
    onClose();
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), ...(email.trim() ? { email: email.trim() } : {}), ...(code.trim() ? { code: code.trim() } : {}), ...(parentCode.trim() ? { parentCode: parentCode.trim() } : {}) };
      setCreated(await api('POST', '/v1/distributors', body));
      onAdded();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const link = created ? referralLink(session.shop.allowedOrigins, created.code) : '';
  return (
    <Dialog open={open} title={t('addDistributor')} onClose={close}>
      {created ? (
        <div class="invite" data-invite={created.code}>
          <p>{t('distributorAdded', { name: `${created.code} · ${created.name}` })}</p>
          {/* biome-ignore lint/a11y/noLabelWithoutControl: the caption of the CopyField below, whose input is named by its own label */}
          <label>{t('inviteLink')}</label>
          <CopyField value={link} label={t('inviteLink')} />
          <QrCode text={link} label={`${t('inviteQr')}: ${link}`} />
          <p class="muted">{t('inviteLinkHint')}</p>
          <div class="dialog-buttons">
            <button type="button" onClick={reset}>{t('addAnother')}</button>
            <button type="button" class="primary" onClick={close}>{t('closeDialog')}</button>
          </div>
        </div>
      ) : (
        <form class="dialog-form" onSubmit={(e) => void submit(e)}>
          <label>{t('name')}
            <input name="name" required maxLength={200} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>{t('emailOptional')}
            <input name="email" type="email" value={email} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>{t('codeOptional')}
            <input name="code" pattern="[A-Za-z0-9_\-]{1,64}" value={code} onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>{t('parentCodeOptional')}
            <input name="parentCode" pattern="[A-Za-z0-9_\-]{1,64}" value={parentCode} onInput={(e) => setParentCode((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <Notice error={error} />
          <div class="dialog-buttons">
            <button type="button" onClick={close}>{t('cancel')}</button>
            <button type="submit" class="primary" disabled={busy || !name.trim()}>{t('addDistributor')}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
