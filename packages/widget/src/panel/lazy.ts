import { h, type ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html';
import type { PanelTranslate } from './i18n';
import { adoptCss } from './styles';

/** A lazy chunk: its view, and the styles only it uses. */
export interface LazyModule<P> {
  default: ComponentType<P>;
  css?: string;
}

const adopted = new WeakMap<Node, Set<string>>();

/**
 * A part of the panel that is its own chunk (earnings, team, poster, product
 * picker, QR code): imported when first shown, "Loading…" until then; its
 * styles join the shadow root's when it arrives.
 */
export const Lazy = <P extends object>({ load, props, t, nonce }: { load: () => Promise<LazyModule<P>>; props: P; t: PanelTranslate; nonce?: string }) => {
  const [view, setView] = useState<{ C: ComponentType<P> } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    load().then((m) => {
      const root = ref.current?.getRootNode();
      const done = root && (adopted.get(root) || adopted.set(root, new Set()).get(root)!);
      if (m.css && done && !done.has(m.css) && root instanceof (root.ownerDocument!.defaultView as unknown as { ShadowRoot: typeof ShadowRoot }).ShadowRoot) {
        adoptCss(root as ShadowRoot, m.css, nonce);
        done.add(m.css);
      }
      setView({ C: m.default });
    }, (e: Error) => setFailed(e.message));
  }, []);
  return html`<div class="lazy" ref=${ref}>
    ${view ? h(view.C, props) : html`<p class="muted" role=${failed ? 'alert' : 'status'}>${failed ? t('error', { message: failed }) : t('loading')}</p>`}
  </div>`;
};
