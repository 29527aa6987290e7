/**
 * The share panel chunk (`panel-<hash>.js`), imported by the loader only on
 * pages that show it. Renders with preact inside a shadow root, so the shop's
 * CSS cannot reach it and it cannot reach the shop.
 */
import { render } from 'preact';
import type { PanelContext, PanelController } from '../loader/types';
import { createPanelApi } from './api';
import { App } from './app';
import { html } from './html';
import { panelText, pickLocale } from './i18n';
import { adoptCss, css } from './styles';

/** Mounts the panel into `[data-twotier-panel]`, or as a floating launcher, and returns its controller. */
export const mount = (w: Window, ctx: PanelContext): PanelController => {
  const doc = w.document;
  const slot = doc.querySelector('[data-twotier-panel]');
  const host = doc.createElement('div');
  if (!slot) host.setAttribute('data-launcher', '');
  (slot || doc.body).appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  adoptCss(root, css, ctx.script.nonce);
  let setToken: ((token: string) => void) | undefined;
  const data = ctx.script.dataset;
  const locale = pickLocale(data.locale, w.navigator.language);
  const props = { ctx, win: w, api: createPanelApi(w, ctx.api, data.key), t: panelText(locale), locale, inline: !!slot };
  render(html`<${App} ...${props} onToken=${(s: (t: string) => void) => (setToken = s)} />`, root);
  return { identify: (token) => setToken?.(token) };
};
