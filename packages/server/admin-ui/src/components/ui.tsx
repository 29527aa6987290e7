import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { changePct } from '../format';

/** A page's title bar with optional tools on the right. */
export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children ? <div class="page-tools">{children}</div> : null}
    </header>
  );
}

/** A bordered block with a heading. */
export function Card({ title, children, class: cls }: { title?: string; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card ${cls ?? ''}`}>
      {title ? <h2>{title}</h2> : null}
      {children}
    </section>
  );
}

/** An error or success line; errors are announced to screen readers. */
export function Notice({ error, ok }: { error?: Error | string | null | undefined; ok?: string | null | undefined }) {
  if (error) return <p class="notice error" role="alert">{typeof error === 'string' ? error : error.message}</p>;
  if (ok) return <p class="notice ok" role="status">{ok}</p>;
  return null;
}

/** A headline number with its change against the previous period. */
export function Kpi({ label, value, current, previous }: { label: string; value: string; current: number; previous: number }) {
  const pct = changePct(current, previous);
  const cls = pct === null || pct > 0 ? 'up' : pct < 0 ? 'down' : 'flat';
  return (
    <div class="kpi" data-kpi={label}>
      <div class="kpi-label">{label}</div>
      <div class="kpi-value">{value}</div>
      <div class={`kpi-change ${cls}`}>
        {pct === null ? t('newInPeriod') : `${pct > 0 ? '+' : ''}${pct}%`} <span class="muted">{t('vsPrevious')}</span>
      </div>
    </div>
  );
}

const COMMISSION_LABEL: Record<string, MessageKey> = { pending: 'commissionPending', available: 'available', reversed: 'reversedStatus' };

/** A status pill; `commission` statuses read differently (pending = on hold). */
export const Pill = ({ status, commission }: { status: string; commission?: boolean }) => {
  const key = (commission ? COMMISSION_LABEL[status] : undefined) ?? (status as MessageKey);
  return <span class={`pill pill-${status}`}>{label(key, status)}</span>;
};

/** A message when one exists for `key`, else the raw text. */
export const label = (key: string, fallback: string): string => {
  const text = t(key as MessageKey);
  return text === undefined || text === 'undefined' ? fallback : text;
};

/** A modal dialog (native `<dialog>`: focus trapped, Esc closes). */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-label={title}>
      <h2>{title}</h2>
      {open ? children : null}
    </dialog>
  );
}

/** Previous / next over keyset cursors (the server pages; the page keeps the cursors it has seen). */
export function Pager({ cursors, next, onPage, total }: { cursors: string[]; next: string | null | undefined; onPage: (stack: string[]) => void; total?: string }) {
  return (
    <nav class="pager" aria-label="pagination">
      <span class="muted">{total}</span>
      <button type="button" disabled={cursors.length === 0} onClick={() => onPage(cursors.slice(0, -1))}>
        ← {t('previous')}
      </button>
      <button type="button" disabled={!next} onClick={() => next && onPage([...cursors, next])}>
        {t('next')} →
      </button>
    </nav>
  );
}
