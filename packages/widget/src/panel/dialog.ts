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

/**
 * The floating launcher and its modal `<dialog>`: `showModal()` makes the page
 * inert and keeps focus inside, Escape closes it, and the browser returns focus
 * to the launcher.
 */
export const Dialog = ({ open, setOpen, title, label, closeLabel, plain, children }: DialogProps) => {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return html`<button class="launch" type="button" aria-haspopup="dialog" onClick=${() => setOpen(true)}>${label}</button>
    <dialog class="sheet" aria-labelledby="tt-title" ref=${ref} onClose=${() => setOpen(false)}>
      <header><h2 id="tt-title">${title}</h2><button class="x" type="button" aria-label=${closeLabel} onClick=${() => setOpen(false)}>×</button></header>
      <div class=${plain ? 'body' : ''}>${children}</div>
    </dialog>`;
};
