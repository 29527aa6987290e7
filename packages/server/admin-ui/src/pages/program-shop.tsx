import { useState } from 'preact/hooks';
import { api } from '../api';
import { Card, Notice } from '../components/ui';
import { t } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { WebhooksCard } from './program-webhooks';

/** Allowed origins, keys, webhook endpoints with deliveries, the Stripe signing secret. */
export function ShopSettings() {
  const { session, refresh } = useSession();
  const [origins, setOrigins] = useState(session.shop.allowedOrigins.join('\n'));
  const [revealed, setRevealed] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [stripe, setStripe] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const settings = useAsync(() => api('GET', '/v1/settings'), []);
  const run = async (fn: () => Promise<unknown>, after?: () => void) => {
    setError(null);
    setOk(null);
    try {
      await fn();
      setOk(t('saved'));
      after?.();
    } catch (e) {
      setError(e as Error);
    }
  };
  const pk = session.shop.publishableKey;
  return (
    <>
      <Card title={t('origins')}>
        <form onSubmit={(e) => { e.preventDefault(); void run(() => api('PATCH', '/v1/shop', { allowedOrigins: origins.split(/\s+/).filter(Boolean) }), refresh); }}>
          <textarea rows={3} value={origins} aria-label={t('origins')} onInput={(e) => setOrigins((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="submit">{t('save')}</button>
        </form>
      </Card>
      <Card title={t('keys')}>
        <p>{t('publishableKey')}: <code>{revealed ? pk : `${pk.slice(0, 6)}${'•'.repeat(16)}`}</code> <button type="button" class="ghost" onClick={() => setRevealed(!revealed)}>{t('reveal')}</button></p>
        <button type="button" class="danger" onClick={() => confirm(t('rotateConfirm')) && run(() => api('POST', '/v1/shop/secret-key').then((r) => setSecret(r.secretKey)))}>{t('rotateSecret')}</button>
        {secret ? <p class="secret">{t('newSecret')} <code>{secret}</code></p> : null}
      </Card>
      <WebhooksCard />
      <Card title={t('stripeSecret')}>
        <p class="muted">{settings.data?.stripeConfigured ? `✓ ${t('configured')}` : t('notConfigured')}</p>
        <form class="action-row" onSubmit={(e) => { e.preventDefault(); void run(() => api('PUT', '/v1/integrations/stripe', { signingSecret: stripe.trim() }).then(() => setStripe('')), settings.reload); }}>
          <label>{t('stripeSecret')}<input type="password" value={stripe} placeholder="whsec_…" autoComplete="off" onInput={(e) => setStripe((e.currentTarget as HTMLInputElement).value)} /></label>
          <button type="submit" disabled={!stripe.trim()}>{t('save')}</button>
        </form>
      </Card>
      <Notice error={error} ok={ok} />
    </>
  );
}
