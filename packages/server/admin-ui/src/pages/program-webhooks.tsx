import { webhookEventTypeSchema, type WebhookEndpoint, type WebhookEventType } from '@twotier/core/schema';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Card, Notice, Pill } from '../components/ui';
import { date } from '../format';
import { t } from '../i18n';
import { useAsync } from '../use-async';

/** Every event an endpoint may subscribe to: the list the server validates `events` with. */
const EVENTS = webhookEventTypeSchema.options;

/** One endpoint with its recent deliveries and a resend button each. */
function EndpointDeliveries({ ep, onError }: { ep: WebhookEndpoint; onError: (e: Error) => void }) {
  const list = useAsync(() => api('GET', `/v1/webhook-endpoints/${ep.id}/deliveries`), [ep.id]);
  return (
    <div class="endpoint">
      <p><code>{ep.url}</code> <span class="muted">{ep.events.join(', ')}</span></p>
      <table class="table">
        <thead><tr><th>{t('deliveries')}</th><th>{t('status')}</th><th class="num">#</th><th>{t('createdAt')}</th><th /></tr></thead>
        <tbody>
          {list.data?.data.slice(0, 5).map((d) => (
            <tr key={d.id}>
              <td><code>{d.eventType}</code></td>
              <td><Pill status={d.status} />{d.lastStatus ? <span class="muted"> HTTP {d.lastStatus}</span> : null}</td>
              <td class="num">{d.attempts}</td>
              <td>{date(d.createdAt, true)}</td>
              <td><button type="button" class="ghost" onClick={() => api('POST', `/v1/webhook-endpoints/${ep.id}/deliveries/${d.id}/resend`).then(list.reload, onError)}>{t('resend')}</button></td>
            </tr>
          ))}
          {list.data?.data.length === 0 ? <tr><td colSpan={5} class="empty">{t('nothing')}</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}

/** Webhook endpoints: add one (its signing secret shown once), see deliveries, resend. */
export function WebhooksCard() {
  const endpoints = useAsync(() => api('GET', '/v1/webhook-endpoints'), []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['commission.created', 'order.created']);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api('POST', '/v1/webhook-endpoints', { url: url.trim(), events });
      setSecret(created.secret);
      setUrl('');
      endpoints.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const missing = endpoints.error instanceof ApiError && endpoints.error.status === 404;
  return (
    <Card title={t('webhooks')}>
      {missing ? <p class="muted">{t('unavailable', { message: endpoints.error!.message })}</p> : <Notice error={endpoints.error} />}
      {endpoints.data?.data.map((ep) => <EndpointDeliveries key={ep.id} ep={ep} onError={setError} />)}
      <form class="webhook-form" onSubmit={add}>
        <label>{t('url')}<input type="url" value={url} required placeholder="https://shop.example/hooks/twotier" onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)} /></label>
        <fieldset class="events">
          <legend>{t('eventsPick')}</legend>
          {EVENTS.map((name) => (
            <label class="check" key={name}>
              <input type="checkbox" checked={events.includes(name)} onChange={(e) => setEvents((e.currentTarget as HTMLInputElement).checked ? [...events, name] : events.filter((x) => x !== name))} />
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!url.trim() || events.length === 0}>{t('addEndpoint')}</button>
      </form>
      {secret ? <p class="secret">{t('webhookSecret')} <code>{secret}</code></p> : null}
      <Notice error={error} />
    </Card>
  );
}
