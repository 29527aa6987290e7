import { formatFen } from '../money.mjs';
import { refundableUnits, refundedAmount } from '../refund-payload.mjs';
import { html } from './html.mjs';

/** @typedef {import('../order-book.mjs').ShopOrder} ShopOrder @typedef {import('../order-book.mjs').TwotierCall} TwotierCall */

/** How the call to twotier went, as a small badge. @param {TwotierCall | undefined} call */
export function twotierBadge(call) {
  if (!call) return html`<span class="badge">not sent</span>`;
  if (call.status === 'off') return html`<span class="badge">twotier off</span>`;
  if (call.status === 'failed') return html`<span class="badge bad" title="${call.error ?? ''}">twotier failed</span>`;
  const total = (call.commissions ?? []).reduce((s, c) => s + c.amount, 0);
  return html`<span class="badge ok">${call.commissions?.length ? `commission ${formatFen(total)}` : 'sent · organic'}</span>`;
}

/** All orders, newest first. @param {ShopOrder[]} orders */
export const adminOrdersPage = (orders) => html`
  <h1>Orders</h1>
  <section class="panel table-wrap">
    ${orders.length === 0
      ? html`<p class="muted">No orders yet.</p>`
      : html`<table class="lines orders admin-orders">
      <thead><tr><th>Order</th><th>Customer</th><th>Status</th><th class="num">Total</th><th>twotier</th></tr></thead>
      <tbody>${orders.map(
        (o) => html`<tr>
          <td class="id"><a href="/admin/orders/${o.id}">${o.id}</a></td>
          <td>${o.customer.name}<br><span class="muted small">${o.customer.email}</span></td>
          <td>${o.status === 'paid' ? (refundedAmount(o) >= o.total ? 'refunded' : refundedAmount(o) > 0 ? 'part refunded' : 'paid') : 'awaiting payment'}</td>
          <td class="num">${formatFen(o.total)}</td>
          <td>${o.status === 'paid' ? twotierBadge(o.twotier) : ''}</td>
        </tr>`,
      )}</tbody></table>`}
  </section>`;

/**
 * One order with its refunds and the forms to refund more.
 * @param {ShopOrder} order
 * @param {{ error?: string, notice?: string }} [messages]
 */
export function adminOrderPage(order, { error, notice } = {}) {
  const left = order.total - refundedAmount(order);
  const canRefund = order.status === 'paid' && left > 0;
  return html`
  <nav class="crumbs"><a href="/admin">Orders</a> › ${order.id}</nav>
  <h1>Order ${order.id}</h1>
  ${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
  ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
  <div class="cart-layout">
    <section class="panel">
      <h2>Items</h2>
      <table class="lines">
        <thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Line</th></tr></thead>
        <tbody>
          ${order.lines.map((l) => html`<tr><td>${l.name}<br><span class="muted small">${l.sku} · ${l.category}</span></td><td class="num">${l.quantity}</td><td class="num">${formatFen(l.unitPrice)}</td><td class="num">${formatFen(l.lineTotal)}</td></tr>`)}
          <tr class="sub"><td colspan="3">Shipping</td><td class="num">${formatFen(order.shipping)}</td></tr>
          <tr class="total"><td colspan="3">Total paid</td><td class="num">${formatFen(order.total)}</td></tr>
          ${refundedAmount(order) ? html`<tr class="sub"><td colspan="3">Refunded</td><td class="num">−${formatFen(refundedAmount(order))}</td></tr>` : ''}
        </tbody>
      </table>
      <h2>Refunds</h2>
      ${order.refunds.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<ul class="refunds">${order.refunds.map((r) => html`<li><strong>${r.id}</strong> ${formatFen(r.amount)}${r.items ? html` <span class="muted">(${r.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')})</span>` : ''} ${twotierBadge(r.twotier)}</li>`)}</ul>`}
    </section>
    <aside class="panel">
      <h2>Customer</h2>
      <p>${order.customer.name}<br>${order.customer.email}<br>${order.customer.phone}<br>${order.customer.address} (${order.customer.region})</p>
      <h2>Distribution</h2>
      <p>Referral code: <strong>${order.referral.code ?? '—'}</strong><br><span class="muted small">visitor ${order.referral.visitorId ?? '—'}</span></p>
      <p>${order.status === 'paid' ? twotierBadge(order.twotier) : 'awaiting payment'}</p>
      ${order.twotier?.status === 'failed' ? html`<form method="post" action="/admin/orders/${order.id}/resend"><button class="btn" type="submit">Send to twotier again</button></form>` : ''}
    </aside>
  </div>
  ${canRefund
    ? html`<section class="panel">
    <h2>Refund</h2>
    <p class="muted">Left to refund: ${formatFen(left)}. Commissions are reversed in proportion.</p>
    <div class="refund-forms">
      <form class="form" method="post" action="/admin/orders/${order.id}/refund">
        <input type="hidden" name="kind" value="full">
        <h3>Everything left</h3>
        <button class="btn danger" type="submit" data-refund-full>Refund ${formatFen(left)}</button>
      </form>
      <form class="form" method="post" action="/admin/orders/${order.id}/refund">
        <input type="hidden" name="kind" value="amount">
        <h3>An amount</h3>
        <label>Amount (¥) <input name="amount" inputmode="decimal" placeholder="20.00" required pattern="[0-9]+([.][0-9]{1,2})?"></label>
        <button class="btn" type="submit" data-refund-amount>Refund amount</button>
      </form>
      <form class="form" method="post" action="/admin/orders/${order.id}/refund">
        <input type="hidden" name="kind" value="items">
        <h3>Some items</h3>
        ${order.lines.map((l) => html`<label>${l.name} <input type="number" name="qty:${l.sku}" min="0" max="${refundableUnits(order, l.sku)}" value="0"></label>`)}
        <button class="btn" type="submit" data-refund-items>Refund items</button>
      </form>
    </div>
  </section>`
    : ''}`;
}
