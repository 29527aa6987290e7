import { useState } from 'preact/hooks';
import { api, withQuery } from '../api';
import { Card, Notice, PageHeader } from '../components/ui';
import { date } from '../format';
import { lang, t, type MessageKey } from '../i18n';
import { useAsync } from '../use-async';

type Platform = 'shopify' | 'woocommerce' | 'stripe';

interface IntegrationEvent {
  eventId: string;
  topic: string;
  outcome: string;
  orderId: string | null;
  error: string | null;
  /** The error's code and parameters (absent on events stored before they were kept: then `error`, in English, is shown). */
  errorCode?: string | null;
  errorParams?: Record<string, string | number> | null;
  attempts: number;
  receivedAt: string;
}

interface Status {
  platform: Platform;
  configured: boolean;
  webhookUrl: string;
  topics: string[];
  shopDomain?: string | null;
  countStatuses?: string[];
  updatedAt: string | null;
  lastEvent: IntegrationEvent | null;
  lastError: IntegrationEvent | null;
}

const NAMES: Record<Platform, string> = { shopify: 'Shopify', woocommerce: 'WooCommerce', stripe: 'Stripe' };
const HINTS: Record<Platform, MessageKey> = { shopify: 'shopifyHint', woocommerce: 'wooHint', stripe: 'stripeHint' };
const OUTCOME_CLASS: Record<string, string> = { order: 'available', refund: 'pending', reversal: 'pending', duplicate: 'neutral', ignored: 'neutral', error: 'rejected' };

/** A message when the catalogue has `key`, else null. */
const known = (key: string, vars?: Record<string, string | number>): string | null => {
  const text = t(key as MessageKey, vars);
  return text === undefined || text === 'undefined' ? null : text;
};

/**
 * A failed event's reason in the reader's language, from its code and
 * parameters: the code's sentence, then the parameters it does not name
 * (`币种：USD`). An event stored before codes were kept (`code: message` in
 * English) is said from that code when it is a known one, else shown as it
 * was written.
 */
export function errorText(e: Pick<IntegrationEvent, 'error' | 'errorCode' | 'errorParams'>): string {
  let code = e.errorCode ?? null;
  let params: Record<string, string | number> = { ...(e.errorParams ?? {}) };
  if (!code) {
    // stored before codes were kept: `code: message` in English; a known code is still said in the reader's language
    const m = /^([a-z_]+): (.*)$/s.exec(e.error ?? '');
    if (!m || known(`integrationError_${m[1]}`) === null) return e.error ?? '';
    code = m[1]!;
    const nf = code === 'not_found' ? /^(\S+) (.+) not found$/.exec(m[2]!) : null;
    params = nf ? { what: nf[1]!, id: nf[2]! } : {};
  }
  const zh = lang.value === 'zh-CN';
  if (typeof params.what === 'string') params.what = known(`errorThing_${params.what}`) ?? params.what;
  let text = known(`integrationError_${code}`, params);
  if (text === null || /\{[a-zA-Z]+\}/.test(text)) text = t('integrationError_other', { code });
  const rest = Object.entries(params)
    .filter(([k]) => k !== 'what' && k !== 'id')
    .map(([k, v]) => `${known(`errorParam_${k}`) ?? k}${zh ? '：' : ': '}${v}`);
  if (!rest.length) return text;
  return zh ? `${text}（${rest.join('；')}）` : `${text} (${rest.join('; ')})`;
}

/** A value to copy, with a button that copies it. */
function Copyable({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="copy-row">
      <code class="copy-value" data-testid="webhook-url">{value}</code>
      <button
        type="button"
        class="ghost"
        aria-label={`${t('copy')}: ${label}`}
        onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}

/** The secret (and the platform's option) of one platform. */
function SecretForm({ status, onSaved }: { status: Status; onSaved: () => void }) {
  const [secret, setSecret] = useState('');
  const [option, setOption] = useState(status.platform === 'shopify' ? (status.shopDomain ?? '') : (status.countStatuses ?? []).join(', '));
  const [error, setError] = useState<Error | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setOk(null);
    try {
      if (status.platform === 'stripe') await api('PUT', '/v1/integrations/stripe', { signingSecret: secret.trim() });
      else if (status.platform === 'shopify') await api('PUT', '/v1/integrations/shopify', { webhookSecret: secret.trim(), ...(option.trim() ? { shopDomain: option.trim() } : {}) });
      else {
        const statuses = option.split(/[\s,]+/).filter(Boolean);
        await api('PUT', '/v1/integrations/woocommerce', { webhookSecret: secret, ...(statuses.length ? { countStatuses: statuses } : {}) });
      }
      setSecret('');
      setOk(t('saved'));
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <form class="action-row integration-form" onSubmit={save}>
      <label>
        {t(status.platform === 'stripe' ? 'stripeSecret' : 'webhookSecretField')}
        <input type="password" name={`${status.platform}-secret`} value={secret} autoComplete="off" placeholder={status.configured ? t('secretKept') : status.platform === 'stripe' ? 'whsec_…' : ''} onInput={(e) => setSecret((e.currentTarget as HTMLInputElement).value)} />
      </label>
      {status.platform === 'shopify' ? (
        <label>{t('shopDomain')}<input name="shop-domain" value={option} placeholder="your-shop.myshopify.com" onInput={(e) => setOption((e.currentTarget as HTMLInputElement).value)} /></label>
      ) : null}
      {status.platform === 'woocommerce' ? (
        <label>{t('countStatuses')}<input name="count-statuses" value={option} placeholder="processing, completed" onInput={(e) => setOption((e.currentTarget as HTMLInputElement).value)} /></label>
      ) : null}
      <button type="submit" disabled={!secret.trim()}>{t('save')}</button>
      <Notice error={error} ok={ok} />
    </form>
  );
}

/** The recent events of one platform with their outcome and, for a failure, its reason in words. */
function Events({ platform, reloadKey }: { platform: Platform; reloadKey: number }) {
  const list = useAsync(() => api('GET', withQuery(`/v1/integrations/${platform}/events`, { limit: 10 })), [platform, reloadKey]);
  const rows = list.data?.data ?? [];
  return (
    <div class="table-wrap">
      <table class="table stack" data-testid={`events-${platform}`}>
        <thead><tr><th>{t('receivedAt')}</th><th>{t('topic')}</th><th>{t('outcome')}</th><th>{t('order')}</th><th>{t('errorReason')}</th></tr></thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.eventId}>
              <td data-label={t('receivedAt')}>{date(e.receivedAt, true)}</td>
              <td data-label={t('topic')}><code>{e.topic}</code></td>
              <td data-label={t('outcome')}><span class={`pill pill-${OUTCOME_CLASS[e.outcome] ?? 'neutral'}`}>{t(`outcome_${e.outcome}` as MessageKey)}</span>{e.attempts > 1 ? <span class="muted"> ×{e.attempts}</span> : null}</td>
              <td data-label={t('order')}>{e.orderId ? <code>{e.orderId}</code> : <span class="muted">—</span>}</td>
              <td data-label={t('errorReason')} class="explain" title={e.error ? `${t('errorDetailsEnglish')}: ${e.error}` : undefined}>{errorText(e)}</td>
            </tr>
          ))}
          {list.data && rows.length === 0 ? <tr><td colSpan={5} class="empty">{t('noEventsYet')}</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}

/** One platform: status, webhook URL to copy, topics to create, the secret, recent events. */
function PlatformCard({ status, onSaved, reloadKey }: { status: Status; onSaved: () => void; reloadKey: number }) {
  return (
    <Card title={NAMES[status.platform]} class="integration">
      <p class="integration-status" data-testid={`status-${status.platform}`}>
        <span class={`pill pill-${status.configured ? 'active' : 'neutral'}`}>{status.configured ? t('configured') : t('notConfigured')}</span>
        {status.lastEvent ? <span class="muted"> {t('lastEventAt', { when: date(status.lastEvent.receivedAt, true) })}</span> : null}
      </p>
      {status.lastError ? (
        <p class="notice last-error" role="status" data-testid={`last-error-${status.platform}`}>
          {t('lastError', { when: date(status.lastError.receivedAt, true) })} {errorText(status.lastError)}
        </p>
      ) : null}
      <p class="muted">{t(HINTS[status.platform])}</p>
      <Copyable value={status.webhookUrl} label={t('webhookUrlOf', { platform: NAMES[status.platform] })} />
      <p class="topics">{t('topicsToCreate')} {status.topics.map((topic) => <code key={topic}>{topic}</code>)}</p>
      <SecretForm status={status} onSaved={onSaved} />
      <h3>{t('recentEvents')}</h3>
      <Events platform={status.platform} reloadKey={reloadKey} />
    </Card>
  );
}

/** Settings › Integrations: each platform's status, webhook URL, secret and recent events. */
export function Integrations() {
  const list = useAsync(() => api('GET', '/v1/integrations'), []);
  const [reloadKey, setReloadKey] = useState(0);
  const saved = () => {
    list.reload();
    setReloadKey((n) => n + 1);
  };
  return (
    <>
      <PageHeader title={t('integrations')} />
      <p class="muted lead">{t('integrationsIntro')}</p>
      <Notice error={list.error} />
      {list.data?.data.map((s) => <PlatformCard key={s.platform} status={s} onSaved={saved} reloadKey={reloadKey} />)}
    </>
  );
}
