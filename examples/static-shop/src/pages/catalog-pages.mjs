import { artFor, categoryNames, products } from '../catalog.mjs';
import { formatFen } from '../money.mjs';
import { FREE_SHIPPING_FROM } from '../cart.mjs';
import { html, raw } from './html.mjs';

/** @typedef {import('../catalog.mjs').Product} Product */

/** @param {Product} p */
const card = (p) => html`
  <a class="product-card" href="/products/${p.slug}">
    <div class="art">${raw(artFor(p.sku))}</div>
    <div class="product-card-body">
      <span class="tag">${categoryNames[p.category]}</span>
      <h3>${p.name}</h3>
      <p class="zh">${p.nameZh} · ${p.weight}</p>
      <p class="price">${formatFen(p.price)}</p>
    </div>
  </a>`;

/**
 * The shop's front page: a banner, category filters and the product grid.
 * @param {{ category?: string | null }} options
 */
export function homePage({ category }) {
  const shown = category ? products.filter((p) => p.category === category) : products;
  const chip = (/** @type {string | null} */ key, /** @type {string} */ label) =>
    html`<a class="chip ${category === key || (!category && key === null) ? 'on' : ''}" href="${key ? `/?category=${key}` : '/'}">${label}</a>`;
  return html`
  <section class="hero">
    <div>
      <p class="eyebrow">Spring harvest 2026 · 春茶上新</p>
      <h1>Tea from the hills, straight to your cup.</h1>
      <p>Eight teas and wares we drink ourselves. Free shipping from ${formatFen(FREE_SHIPPING_FROM)}.</p>
    </div>
  </section>
  <nav class="chips" aria-label="Categories">
    ${chip(null, 'All')}
    ${Object.entries(categoryNames).map(([key, label]) => chip(key, label))}
  </nav>
  <section class="grid">${shown.map(card)}</section>`;
}

/**
 * One product with its picture, story and an add-to-cart form.
 * @param {Product} p
 */
export function productPage(p) {
  const others = products.filter((o) => o.sku !== p.sku && o.category === p.category).slice(0, 3);
  return html`
  <nav class="crumbs"><a href="/">Shop</a> › <a href="/?category=${p.category}">${categoryNames[p.category]}</a></nav>
  <article class="product">
    <div class="product-art">${raw(artFor(p.sku))}</div>
    <div class="product-info">
      <h1>${p.name}</h1>
      <p class="zh big">${p.nameZh}</p>
      <p class="price big">${formatFen(p.price)} <span class="muted">· ${p.weight}</span></p>
      <p class="lead">${p.summary}</p>
      <form class="add-form" data-add-to-cart data-sku="${p.sku}">
        <label class="qty">Qty <input type="number" name="quantity" value="1" min="1" max="99" inputmode="numeric"></label>
        <button type="submit" class="btn primary">Add to cart</button>
      </form>
      <p class="added" data-added hidden>Added to your cart. <a href="/cart">View cart →</a></p>
      <p>${p.description}</p>
      <p class="muted small">SKU ${p.sku}</p>
    </div>
  </article>
  ${others.length ? html`<h2 class="section-title">You may also like</h2><section class="grid">${others.map(card)}</section>` : ''}`;
}

/** A page that does not exist. */
export const notFoundPage = () => html`
  <section class="panel narrow center">
    <h1>Not found</h1>
    <p>That page has wandered off like a stray tea leaf.</p>
    <p><a class="btn" href="/">Back to the shop</a></p>
  </section>`;
