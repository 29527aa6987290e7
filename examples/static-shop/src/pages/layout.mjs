import { html, raw, scriptJson } from './html.mjs';

/** The shop's name, as it appears in the header and titles. */
export const SHOP_NAME = 'Lanxi Tea';

const logo = raw(
  '<svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><circle cx="16" cy="16" r="16" fill="#2f5a2c"/>' +
    '<path d="M9 21c3-9 10-12 15-12-1 7-6 13-15 12Z" fill="#cfe3b8"/><path d="M9 21c4-4 8-7 13-10" stroke="#2f5a2c" stroke-width="1.5" fill="none"/></svg>',
);

/**
 * @typedef {{ api: string, publishableKey?: string, consent?: 'required' }} TagConfig
 * @typedef {{ title: string, user?: { name: string, admin: boolean } | null, body: import('./html.mjs').SafeHtml,
 *   tag: TagConfig, identityToken?: string | null, active?: string, status?: number }} PageOptions
 */

/**
 * The twotier tag exactly as the shop owner pasted it from twotier's setup
 * page, plus one line that tells it who the logged-in user is.
 * @param {TagConfig} tag
 * @param {string | null | undefined} identityToken
 */
function twotierTag(tag, identityToken) {
  if (!tag.publishableKey) return '';
  const src = `${tag.api.replace(/\/$/, '')}/twotier.js`;
  return html`
    <!-- twotier: two-level distribution -->
    <script>window.twotier=window.twotier||function(){(twotier.q=twotier.q||[]).push(arguments)};</script>
    <script async src="${src}" data-key="${tag.publishableKey}"${tag.consent === 'required' ? raw(' data-consent="required"') : ''}></script>
    ${identityToken ? html`<script>twotier('identify', ${scriptJson(identityToken)});</script>` : ''}`;
}

/** The shop's cookie banner; `public/shop.js` passes the answer to `twotier('consent', …)`. */
const consentBanner = html`
<div class="consent" data-consent-banner hidden role="dialog" aria-label="Cookies">
  <p>We use a cookie to thank the friend who recommended us: if you arrived through their link, they earn a commission on your order. Nothing else is tracked.</p>
  <div><button type="button" class="btn" data-consent="deny">Decline</button> <button type="button" class="btn primary" data-consent="grant">Accept</button></div>
</div>`;

/**
 * A full page of the shop.
 * @param {PageOptions} options
 */
export function layout({ title, user, body, tag, identityToken, active }) {
  const nav = (/** @type {string} */ href, /** @type {string} */ label, /** @type {string} */ key) =>
    html`<a href="${href}" class="${active === key ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${SHOP_NAME}</title>
<link rel="stylesheet" href="/assets/shop.css">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='16' fill='%232f5a2c'/%3E%3C/svg%3E">
<script type="module" src="/assets/shop.js"></script>${twotierTag(tag, identityToken)}
</head>
<body>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="/">${logo}<span>${SHOP_NAME}</span><small>兰溪茶舍</small></a>
    <nav class="main-nav">
      ${nav('/', 'Shop', 'shop')}
      ${user?.admin ? nav('/admin', 'Orders', 'admin') : ''}
      ${user ? nav('/account', user.name.split(' ')[0] ?? 'Account', 'account') : nav('/login', 'Log in', 'login')}
      <a href="/cart" class="cart-link ${active === 'cart' ? 'active' : ''}" aria-label="Cart">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M3 4h2l2.4 11h10.2L20 7H6.2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><circle cx="9" cy="19.5" r="1.5" fill="currentColor"/><circle cx="17" cy="19.5" r="1.5" fill="currentColor"/></svg>
        <span class="cart-count" data-cart-count hidden>0</span>
      </a>
    </nav>
  </div>
</header>
<main class="wrap">
${body}
</main>
${tag.publishableKey && tag.consent === 'required' ? consentBanner : ''}
<footer class="site-footer">
  <div class="wrap">
    <p>${SHOP_NAME} · 兰溪茶舍 — small-batch Chinese tea, shipped from Hangzhou.</p>
    <p class="muted">A demonstration shop: payments are simulated and nothing is shipped.</p>
  </div>
</footer>
</body>
</html>`;
}
