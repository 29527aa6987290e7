import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Card } from '../components/ui';
import { date } from '../format';
import { t, tn } from '../i18n';
import { BASE, onLink } from '../router';
import { useSession } from '../session';
import { useAsync } from '../use-async';
import { AddDistributorDialog, CopyField } from './distributor-add';

/** The tag a shop pastes, with its own key and this server's address. */
export const tagSnippet = (publishableKey: string): string =>
  `<script>window.twotier = window.twotier || function () { (twotier.q = twotier.q || []).push(arguments) };</script>\n<script async src="${location.origin}/twotier.js" data-key="${publishableKey}"></script>`;

function Step({ n, done, title, children }: { n: number; done: boolean; title: string; children?: ComponentChildren }) {
  return (
    <li class={`setup-step ${done ? 'is-done' : ''}`} data-step={n} data-done={done ? 'true' : 'false'}>
      <span class="setup-tick" aria-hidden="true">{done ? '✓' : n}</span>
      <div class="setup-body">
        <strong>{title}</strong> <span class={`pill ${done ? 'pill-ok' : 'pill-todo'}`}>{done ? t('stepDone') : t('stepToDo')}</span>
        {children}
      </div>
    </li>
  );
}

/**
 * The new shop's checklist on the Overview: set the rates, paste the tag (the shop's own
 * snippet, and a tick that turns live when a page of its site loads the tag), invite the first
 * distributor, place a test order. Shown until every step is done; polls while the tag is awaited.
 */
export function SetupChecklist({ onChanged }: { onChanged?: () => void }) {
  const { session } = useSession();
  const setup = useAsync(() => api('GET', '/v1/admin/setup'), []);
  const [adding, setAdding] = useState(false);
  const s = setup.data;
  useEffect(() => {
    if (!s || s.done) return;
    const id = setInterval(() => setup.reload(), 4000);
    return () => clearInterval(id);
  }, [s?.done]);
  if (!s || s.done) return null;
  const origins = session.shop.allowedOrigins.join(', ') || location.origin;
  return (
    <Card title={t('setupTitle')} class="setup">
      <p class="muted">{t('setupIntro')}</p>
      <ol class="setup-steps">
        <Step n={1} done={s.rates.done} title={t('setupRates')}>
          <p class="muted">{t('setupRatesHint')} <a href={`${BASE}/program`} onClick={onLink('/program')}>{t('setupOpenProgram')} →</a></p>
        </Step>
        <Step n={2} done={s.tag.done} title={t('setupTag')}>
          <p class="muted">{t('setupTagHint')}</p>
          <CopyField value={tagSnippet(session.shop.publishableKey)} label={t('setupTag')} multiline />
          <p class={`tag-status ${s.tag.done ? 'is-seen' : ''}`} role="status" aria-live="polite">
            {s.tag.origin && s.tag.seenAt
              ? t('setupTagSeen', { origin: s.tag.origin, when: date(s.tag.seenAt, true) })
              : s.tag.done
                ? t('setupTagSeenTouch')
                : t('setupTagWaiting', { origins })}
          </p>
        </Step>
        <Step n={3} done={s.distributor.done} title={t('setupDistributor')}>
          <p class="muted">{s.distributor.done ? tn('distributorCount', s.distributor.count) : t('setupDistributorHint')}</p>
          {s.distributor.done ? null : <button type="button" class="primary" onClick={() => setAdding(true)}>{t('addDistributor')}</button>}
        </Step>
        <Step n={4} done={s.testOrder.done} title={t('setupOrder')}>
          <p class="muted">{t('setupOrderHint')}</p>
        </Step>
      </ol>
      <AddDistributorDialog open={adding} onClose={() => setAdding(false)} onAdded={() => { setup.reload(); onChanged?.(); }} />
    </Card>
  );
}

/** Referral codes seen on visits that name no distributor, each with "Add as distributor". */
export function UnknownCodes() {
  const unknown = useAsync(() => api('GET', '/v1/admin/unknown-codes'), []);
  const [adding, setAdding] = useState<string | null>(null);
  const rows = unknown.data?.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Card title={t('unknownCodes')} class="unknown-codes">
      <p class="muted">{t('unknownCodesHint')}</p>
      <div class="table-wrap">
        <table class="table stack">
          <thead><tr><th>{t('code')}</th><th class="num">{t('clicks')}</th><th>{t('lastSeen')}</th><th>{t('actions')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} data-unknown-code={r.code}>
                <td class="stack-head"><code>{r.code}</code></td>
                <td data-label={t('clicks')} class="num">{tn('clickCount', r.clicks)}</td>
                <td data-label={t('lastSeen')}>{date(r.lastDay)}</td>
                <td><button type="button" onClick={() => setAdding(r.code)}>{t('addAsDistributor')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddDistributorDialog key={adding ?? ''} open={adding !== null} initialCode={adding ?? ''} onClose={() => setAdding(null)} onAdded={() => unknown.reload()} />
    </Card>
  );
}
