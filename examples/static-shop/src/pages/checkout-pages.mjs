import { formatFen } from '../money.mjs';
import { FREE_SHIPPING_FROM } from '../cart.mjs';
import { regions } from '../regions.mjs';
import { html } from './html.mjs';

/** @typedef {import('../order-book.mjs').ShopOrder} ShopOrder */

/** The cart; its lines are drawn in the browser from localStorage. */
export const cartPage = () => html`
  <h1>Your cart</h1>
  <div class="cart-layout" data-cart-page>
    <section class="panel" data-cart-lines><p class="muted">Loading your cart…</p></section>
    <aside class="panel summary" data-cart-summary hidden></aside>
  </div>
  <p class="muted small">Free shipping from ${formatFen(FREE_SHIPPING_FROM)}; otherwise a flat ${formatFen(1000)}.</p>`;

/**
 * The checkout form. `data-twotier` lets the twotier tag add the visitor id
 * and referral code as hidden inputs; the shop just passes them on.
 * @param {{ user?: { name: string, email: string } | null, error?: string, values?: Record<string, string> }} options
 */
export function checkoutPage({ user, error, values = {} }) {
  const v = (/** @type {string} */ k, fallback = '') => values[k] ?? fallback;
  return html`
  <h1>Checkout</h1>
  ${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
  <div class="cart-layout">
    <form class="panel form" method="post" action="/checkout" data-twotier data-checkout-form>
      <input type="hidden" name="cart" value="" data-cart-field>
      <h2>Contact</h2>
      <label>Full name <input name="name" required maxlength="60" autocomplete="name" value="${v('name', user?.name)}"></label>
      <label>Email <input name="email" type="email" required autocomplete="email" value="${v('email', user?.email)}"></label>
      <label>Phone <input name="phone" type="tel" required autocomplete="tel" pattern="[0-9 +\\-]{6,20}" value="${v('phone')}"></label>
      <h2>Delivery</h2>
      <label>Province
        <select name="region" required>
          ${regions.map((r) => html`<option value="${r.code}" ${v('region', 'CN-ZJ') === r.code ? 'selected' : ''}>${r.name}</option>`)}
        </select>
      </label>
      <label>Address <textarea name="address" required maxlength="300" rows="3" autocomplete="street-address">${v('address')}</textarea></label>
      ${user ? '' : html`<p class="muted small">Have an account? <a href="/login?next=/checkout">Log in</a> to see this order in your account later.</p>`}
      <button type="submit" class="btn primary wide">Continue to payment</button>
    </form>
    <aside class="panel summary" data-checkout-summary><p class="muted">Loading your cart…</p></aside>
  </div>`;
}

/** @param {ShopOrder} order */
const lines = (order) => html`
  <table class="lines">
    <tbody>
      ${order.lines.map((l) => html`<tr><td>${l.name} <span class="muted">× ${l.quantity}</span></td><td class="num">${formatFen(l.lineTotal)}</td></tr>`)}
      <tr class="sub"><td>Subtotal</td><td class="num">${formatFen(order.subtotal)}</td></tr>
      <tr class="sub"><td>Shipping</td><td class="num">${order.shipping ? formatFen(order.shipping) : 'Free'}</td></tr>
      <tr class="total"><td>Total</td><td class="num">${formatFen(order.total)}</td></tr>
    </tbody>
  </table>`;

/**
 * The simulated payment step: a card form that always succeeds.
 * @param {ShopOrder} order
 */
export const payPage = (order) => html`
  <h1>Payment</h1>
  <div class="cart-layout">
    <form class="panel form" method="post" action="/pay/${order.id}">
      <p class="notice">This is a demonstration: no card is charged. Press pay to simulate a successful payment.</p>
      <label>Card number <input name="card" value="4242 4242 4242 4242" inputmode="numeric" autocomplete="off"></label>
      <div class="row2">
        <label>Expiry <input name="exp" value="12 / 30" autocomplete="off"></label>
        <label>CVC <input name="cvc" value="123" inputmode="numeric" autocomplete="off"></label>
      </div>
      <button type="submit" class="btn primary wide" data-pay>Pay ${formatFen(order.total)}</button>
    </form>
    <aside class="panel summary"><h2>Order ${order.id}</h2>${lines(order)}</aside>
  </div>`;

/**
 * After payment. The `data-clear-cart` marker empties the browser's cart.
 * @param {ShopOrder} order
 * @param {{ loggedIn: boolean }} options
 */
export const thanksPage = (order, { loggedIn }) => html`
  <section class="panel narrow thanks" data-clear-cart data-order-id="${order.id}">
    <div class="tick" aria-hidden="true">✓</div>
    <h1>Thank you, ${order.customer.name}!</h1>
    <p>Your order <strong>${order.id}</strong> is paid. We'll send it to your address in ${regions.find((r) => r.code === order.customer.region)?.name ?? order.customer.region} within two days.</p>
    ${lines(order)}
    <p class="share-hint">${loggedIn
      ? html`Enjoying our tea? <a href="/account">Share it from your account</a> and earn a commission on every order your link brings.`
      : html`<a href="/signup">Create an account</a> to share Lanxi Tea with friends and earn a commission on what they buy.`}</p>
    <p><a class="btn" href="/">Continue shopping</a></p>
  </section>`;
