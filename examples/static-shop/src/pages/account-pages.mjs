import { formatFen } from '../money.mjs';
import { html } from './html.mjs';

/**
 * Log-in and sign-up share one form shape.
 * @param {{ mode: 'login' | 'signup', error?: string, email?: string, name?: string, next?: string }} options
 */
export function authPage({ mode, error, email = '', name = '', next = '' }) {
  const signup = mode === 'signup';
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  return html`
  <section class="panel narrow">
    <h1>${signup ? 'Create your account' : 'Log in'}</h1>
    ${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
    <form class="form" method="post" action="/${mode}${query}">
      ${signup ? html`<label>Name <input name="name" required maxlength="60" autocomplete="name" value="${name}"></label>` : ''}
      <label>Email <input name="email" type="email" required autocomplete="email" value="${email}"></label>
      <label>Password <input name="password" type="password" required minlength="${signup ? 8 : 1}" autocomplete="${signup ? 'new-password' : 'current-password'}"></label>
      <button type="submit" class="btn primary wide">${signup ? 'Sign up' : 'Log in'}</button>
    </form>
    <p class="muted small center">${signup
      ? html`Already have an account? <a href="/login${query}">Log in</a>`
      : html`New here? <a href="/signup${query}">Create an account</a>`}</p>
  </section>`;
}

/**
 * The customer's own page: their paid orders, and a word on sharing.
 * @param {{ user: { name: string, email: string }, orders: import('../order-book.mjs').ShopOrder[], sharing: boolean }} options
 */
export function accountPage({ user, orders, sharing }) {
  return html`
  <div class="account-head">
    <div>
      <h1>Hello, ${user.name}</h1>
      <p class="muted">${user.email}</p>
    </div>
    <form method="post" action="/logout"><button class="btn" type="submit">Log out</button></form>
  </div>
  <section class="panel">
    <h2>Share &amp; earn · 分享赚佣金</h2>
    ${sharing
      ? html`<p>Share any page of the shop with your personal link. When a friend buys, you earn a commission; when someone you invited shares too, you earn a smaller share of their sales. Joining is free, and you never have to buy anything.</p>
        <div class="share-panel" data-twotier-panel></div>`
      : html`<p class="muted">Sharing is not switched on for this shop.</p>`}
  </section>
  <section class="panel">
    <h2>Your orders</h2>
    ${orders.length === 0
      ? html`<p class="muted">No orders yet. <a href="/">Find a tea you like →</a></p>`
      : html`<table class="lines orders">
          <thead><tr><th>Order</th><th class="num">Total</th></tr></thead>
          <tbody>${orders.map((o) => html`<tr><td class="id"><a href="/thanks/${o.id}">${o.id}</a><br><span class="muted small">${(o.paidAt ?? o.createdAt).slice(0, 10)}</span></td><td class="num">${formatFen(o.total)}${o.refunds.length ? html` <span class="tag">refunded ${formatFen(o.refunds.reduce((s, r) => s + r.amount, 0))}</span>` : ''}</td></tr>`)}</tbody>
        </table>`}
  </section>`;
}
