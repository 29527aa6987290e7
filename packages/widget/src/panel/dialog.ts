import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html';

/** Props of {@link Dialog}. */
export interface DialogProps {
  open: boolean;
  setOpen: (open: boolean) => void;
  title: string;
  /** The launcher button's text. */
  label: string;
  closeLabel: string;
  /** Pad the body (views without tabs). */
  plain: boolean;
  children?: ComponentChildren;
}

const FOCUSABLE = 'button:not(:disabled),a,input,summary';

/**
 * The floating launcher and its modal dialog: focus moves into the dialog and
 * is trapped there, Escape closes it, and focus returns to the launcher.
 */
export const Dialog = ({ open, setOpen, title, label, closeLabel, plain, children }: DialogProps) => {
  const sheet = useRef<HTMLDivElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) sheet.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    else if (wasOpen.current) launcher.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key == 'Escape') return setOpen(false);
    if (e.key != 'Tab' || !sheet.current) return;
    const all = [...sheet.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const active = (sheet.current.getRootNode() as ShadowRoot).activeElement;
    const first = all[0];
    const last = all[all.length - 1];
    if (e.shiftKey ? active == first : active == last) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  };
  return open
    ? html`<div class="sheet" role="dialog" aria-modal="true" aria-labelledby="tt-title" ref=${sheet} onKeyDown=${onKeyDown}>
        <header><h2 id="tt-title">${title}</h2><button class="x" type="button" aria-label=${closeLabel} onClick=${() => setOpen(false)}>×</button></header>
        <div class=${plain ? 'body' : ''}>${children}</div>
      </div>`
    : html`<button class="launch" type="button" ref=${launcher} aria-haspopup="dialog" onClick=${() => setOpen(true)}>${label}</button>`;
};
