import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Card, Notice } from '../components/ui';
import { date } from '../format';
import { t } from '../i18n';
import { useSession } from '../session';
import { useAsync } from '../use-async';

const unavailable = (e: Error | undefined) => (e instanceof ApiError && e.status === 404 ? t('unavailable', { message: e.message }) : e);

/** Allowed origins, keys, webhook endpoints with deliveries, the Stripe signing secret. */
export function ShopSettings() {
  const { session, refresh } = useSession();
  const [origins, setOrigins] = useState(session.shop.allowedOrigins.join('\n'));
  const [revealed, setRevealed] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [stripe, setStripe] = useState('');
  const [hook, setHook] = useState({ url: '', events: 'order.created, commission.created' });
  const [error, setError] = useState<Error | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const settings = useAsync(() => api<{ stripeConfigured?: boolean }>('GET', '/v1/settings'), []);
  const endpoints = useAsync(() => api<{ data: { id: string; url: string; events: string[] }[] }>('GET', '/v1/webhook-endpoints'), []);
  const deliveries = useAsync(() => api<{ data: { id: string; endpointId: string; event?: string; type?: string; status: string; attempts?: number; createdAt: string }[] }>('GET', '/v1/webhook-deliveries?limit=10'), []);
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
        <button type="button" class="danger" onClick={() => confirm(t('rotateConfirm')) && run(() => api<{ secretKey: string }>('POST', '/v1/shop/secret-key').then((r) => setSecret(r.secretKey)))}>{t('rotateSecret')}</button>
        {secret ? <p class="secret">{t('newSecret')} <code>{secret}</code></p> : null}
      </Card>
      <Card title={t('webhooks')}>
        <Notice error={unavailable(endpoints.error)} />
        <ul class="plain">
          {endpoints.data?.data.map((ep) => <li key={ep.id}><code>{ep.url}</code> <span class="muted">{ep.events.join(', ')}</span></li>)}
        </ul>
        <form class="action-row" onSubmit={(e) => { e.preventDefault(); void run(() => api('POST', '/v1/webhook-endpoints', { url: hook.url, events: hook.events.split(',').map((s) => s.trim()).filter(Boolean) }), endpoints.reload); }}>
          <label>{t('url')}<input type="url" value={hook.url} required onInput={(e) => setHook({ ...hook, url: (e.currentTarget as HTMLInputElement).value })} /></label>
          <label>{t('events')}<input value={hook.events} onInput={(e) => setHook({ ...hook, events: (e.currentTarget as HTMLInputElement).value })} /></label>
          <button type="submit">{t('addEndpoint')}</button>
        </form>
        <h3>{t('deliveries')}</h3>
        {deliveries.error ? <p class="muted">{String(unavailable(deliveries.error) instanceof Error ? deliveries.error.message : unavailable(deliveries.error))}</p> : null}
        <ul class="plain">
          {deliveries.data?.data.map((d) => (
            <li key={d.id}>
              <code>{d.event ?? d.type}</code> · {d.status} · {date(d.createdAt, true)}{' '}
              <button type="button" class="ghost" onClick={() => run(() => api('POST', `/v1/webhook-deliveries/${d.id}/resend`), deliveries.reload)}>{t('resend')}</button>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('stripeSecret')}>
        <p class="muted">{settings.data?.stripeConfigured ? '✓ configured' : ''}</p>
        <form class="action-row" onSubmit={(e) => { e.preventDefault(); void run(() => api('PUT', '/v1/integrations/stripe', { signingSecret: stripe.trim() }).then(() => setStripe('')), settings.reload); }}>
          <label>{t('stripeSecret')}<input type="password" value={stripe} placeholder="whsec_…" autoComplete="off" onInput={(e) => setStripe((e.currentTarget as HTMLInputElement).value)} /></label>
          <button type="submit" disabled={!stripe.trim()}>{t('save')}</button>
        </form>
      </Card>
      <Notice error={error} ok={ok} />
    </>
  );
}
