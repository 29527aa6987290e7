import { useState } from 'preact/hooks';
import { api } from '../api';
import { Notice } from '../components/ui';
import { setLang, t, useLang } from '../i18n';
import type { AdminSession } from '../session';

/** Email + password sign-in of a shop's admin. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: AdminSession) => void }) {
  const lang = useLang();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const shopId = String(form.get('shopId') ?? '').trim();
      const s = await api('POST', '/v1/admin/session', { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), ...(shopId ? { shopId } : {}) });
      onSignedIn(s);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={onSubmit}>
        <div class="signin-head">
          <strong class="brand-mark">twotier</strong>
          <select value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as never)} aria-label={t('language')}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </div>
        <h1>{t('signInTitle')}</h1>
        <label>
          {t('email')}
          {/* biome-ignore lint/a11y/noAutofocus: the page is only this form; its first field takes the typing */}
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t('shopId')}
          <input name="shopId" autoComplete="off" />
        </label>
        <Notice error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
