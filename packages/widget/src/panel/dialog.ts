import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html';

/** Where the launcher sits: a corner, its distance from the two edges, and whether it stays while the page scrolls. */
export interface LauncherPosition {
  top: boolean;
  left: boolean;
  /** From the side edge, px. */
  x: number;
  /** From the top or bottom edge, px. */
  y: number;
  /** Keep it while the page scrolls down (by default it steps aside). */
  stay: boolean;
}

/**
 * Reads `data-position`: a corner (`bottom-right`, the default, `bottom-left`,
 * `top-right`, `top-left`), then up to two distances in px (side, then top or
 * bottom; one applies to both; default 16), and `stay` to keep the launcher
 * while the page scrolls down. E.g. `data-position="bottom-left 16 88"`.
 */
export const parsePosition = (value = ''): LauncherPosition => {
  const words = value.toLowerCase().split(/[\s,]+/).filter(Boolean);
  const px = words.map((w) => /^\d{1,4}(px)?$/.test(w) && parseInt(w, 10)).filter((n): n is number => n !== false);
  return { top: /top/.test(value), left: /left/.test(value), x: px[0] ?? 16, y: px[1] ?? px[0] ?? 16, stay: words.includes('stay') };
};

type VisualViewport = { offsetLeft: number; offsetTop: number; pageTop: number; width: number; height: number; scale: number } & EventTarget;

/**
 * Keeps `el` (a `position: fixed` element at the layout viewport's top left: class `pinned`) in a corner of the
 * *visual* viewport: on a phone page that overflows sideways, or zoomed in, the layout viewport's
 * corner can be off screen, where nothing can be tapped. Returns the cleanup.
 */
export const pinToVisualViewport = (w: Window, el: HTMLElement, pos: LauncherPosition, onScroll: (down: boolean) => void): (() => void) => {
  const vv = (w as { visualViewport?: VisualViewport }).visualViewport;
  // Where what is on screen starts in the page: a page wider than the phone scrolls the visual viewport, not the window.
  const top = () => (vv ? vv.pageTop : w.scrollY);
  let lastY = top();
  const place = () => {
    if (!vv) return;
    // Unzoomed sizes: the launcher keeps its size when the page is pinch-zoomed.
    const s = 1 / (vv.scale || 1);
    const bw = el.offsetWidth * s;
    const bh = el.offsetHeight * s;
    const x = vv.offsetLeft + (pos.left ? pos.x * s : vv.width - bw - pos.x * s);
    const y = vv.offsetTop + (pos.top ? pos.y * s : vv.height - bh - pos.y * s);
    el.style.transform = `translate(${Math.round(x)}px,${Math.round(y)}px) scale(${s})`;
  };
  const scroll = () => {
    const y = top();
    if (Math.abs(y - lastY) > 4) onScroll(y > lastY && y > 48);
    lastY = y;
    place();
  };
  if (vv) {
    vv.addEventListener('resize', place);
    vv.addEventListener('scroll', scroll);
  }
  w.addEventListener('scroll', scroll, { passive: true });
  // Its size is known once it has its text.
  const ro = typeof ResizeObserver == 'function' ? new ResizeObserver(place) : null;
  ro?.observe(el);
  place();
  return () => {
    vv?.removeEventListener('resize', place);
    vv?.removeEventListener('scroll', scroll);
    w.removeEventListener('scroll', scroll);
    ro?.disconnect();
  };
};

/** Props of {@link Dialog}. */
export interface DialogProps {
  win: Window;
  open: boolean;
  setOpen: (open: boolean) => void;
  title: string;
  /** The launcher button's text. */
  label: string;
  closeLabel: string;
  /** Pad the body (views without tabs). */
  plain: boolean;
  /** `data-position` of the tag. */
  position?: string;
  children?: ComponentChildren;
}

/**
 * The floating launcher and its modal `<dialog>`: `showModal()` makes the page
 * inert and keeps focus inside, Escape closes it, and the browser returns focus
 * to the launcher. The launcher stays in its corner of what is on screen, and
 * steps aside while the page scrolls down.
 */
export const Dialog = ({ win, open, setOpen, title, label, closeLabel, plain, position, children }: DialogProps) => {
  const ref = useRef<HTMLDialogElement>(null);
  const launch = useRef<HTMLButtonElement>(null);
  const [away, setAway] = useState(false);
  const pos = parsePosition(position);
  useEffect(() => pinToVisualViewport(win, launch.current!, pos, (down) => setAway(down && !pos.stay)), [position]);
  useEffect(() => {
    const d = ref.current!;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  // Without visualViewport (old browsers) the launcher keeps to the layout viewport's corner, with CSS alone.
  const pinned = 'visualViewport' in win ? ' pinned' : '';
  return html`<button class=${`launch ${pos.left ? 'l' : 'r'}${pos.top ? ' t' : ''}${pinned}${away ? ' away' : ''}`} ref=${launch} type="button" aria-haspopup="dialog"
      style=${{ "--x": pos.x + "px", "--y": pos.y + "px" }} onClick=${() => setOpen(true)}>${label}</button>
    <dialog class="sheet" aria-labelledby="tt-title" ref=${ref} onClose=${() => setOpen(false)}>
      <header><h2 id="tt-title">${title}</h2><button class="x" type="button" aria-label=${closeLabel} onClick=${() => setOpen(false)}>×</button></header>
      <div class=${plain ? 'body' : ''}>${children}</div>
    </dialog>`;
};
