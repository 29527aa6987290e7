// The shop's browser code: the cart in localStorage, drawn with the same
// pricing module the backend charges with. It knows nothing of twotier.
import { addToCart, normalizeCart, priceCart, setQuantity } from '/assets/cart.mjs';
import { formatFen } from '/assets/money.mjs';

const KEY = 'lanxi.cart';
const $ = (sel, root = document) => root.querySelector(sel);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const load = () => {
  try {
    return normalizeCart(JSON.parse(localStorage.getItem(KEY) ?? '[]'));
  } catch {
    return [];
  }
};
const save = (cart) => {
  try {
    localStorage.setItem(KEY, JSON.stringify(cart));
  } catch {
    /* private mode: the cart lasts this page only */
  }
  showCount(cart);
  window.dispatchEvent(new CustomEvent('cart:change'));
};
const showCount = (cart) => {
  const badge = $('[data-cart-count]');
  if (!badge) return;
  const n = cart.reduce((s, l) => s + l.quantity, 0);
  badge.textContent = String(n);
  badge.hidden = n === 0;
};

let catalogPromise;
const catalog = () =>
  (catalogPromise ??= fetch('/catalog.json')
    .then((r) => r.json())
    .then((list) => new Map(list.map((p) => [p.sku, p]))));
const priced = async (cart) => {
  const bySku = await catalog();
  return { result: priceCart(cart, (sku) => bySku.get(sku)), bySku };
};

const summary = (p, action) => `
  <h2>Summary</h2>
  <table class="lines"><tbody>
    ${p.lines.map((l) => `<tr><td>${esc(l.name)} <span class="muted">× ${l.quantity}</span></td><td class="num">${formatFen(l.lineTotal)}</td></tr>`).join('')}
    <tr class="sub"><td>Subtotal</td><td class="num">${formatFen(p.subtotal)}</td></tr>
    <tr class="sub"><td>Shipping</td><td class="num">${p.shipping ? formatFen(p.shipping) : 'Free'}</td></tr>
    <tr class="total"><td>Total</td><td class="num" data-total>${formatFen(p.total)}</td></tr>
  </tbody></table>${action}`;

async function drawCartPage(root) {
  const linesBox = $('[data-cart-lines]', root);
  const summaryBox = $('[data-cart-summary]', root);
  const { result, bySku } = await priced(load());
  if (result.lines.length === 0) {
    linesBox.innerHTML = '<p>Your cart is empty.</p><p><a class="btn primary" href="/">Browse our teas</a></p>';
    summaryBox.hidden = true;
    return;
  }
  linesBox.innerHTML = result.lines
    .map((l) => `
    <div class="cart-line" data-sku="${esc(l.sku)}">
      <a href="/products/${esc(bySku.get(l.sku).slug)}"><img src="/art/${esc(l.sku)}.svg" alt="" width="72" height="72"></a>
      <div class="cart-line-info"><a href="/products/${esc(bySku.get(l.sku).slug)}">${esc(l.name)}</a><span class="muted small">${formatFen(l.unitPrice)} each</span></div>
      <div class="stepper"><button type="button" data-step="-1" aria-label="One less">−</button><span data-qty>${l.quantity}</span><button type="button" data-step="1" aria-label="One more">+</button></div>
      <strong class="num">${formatFen(l.lineTotal)}</strong>
      <button type="button" class="link remove" data-remove aria-label="Remove ${esc(l.name)}">×</button>
    </div>`)
    .join('');
  summaryBox.innerHTML = summary(result, '<a class="btn primary wide" href="/checkout" data-go-checkout>Checkout</a>');
  summaryBox.hidden = false;
}

function bindCartPage(root) {
  root.addEventListener('click', (e) => {
    const line = e.target.closest('[data-sku]');
    if (!line) return;
    const sku = line.dataset.sku;
    const step = e.target.closest('[data-step]');
    if (step) save(addToCart(load(), sku, Number(step.dataset.step)));
    else if (e.target.closest('[data-remove]')) save(setQuantity(load(), sku, 0));
  });
  window.addEventListener('cart:change', () => drawCartPage(root));
  window.addEventListener('storage', () => drawCartPage(root));
  drawCartPage(root);
}

async function bindCheckout(form) {
  const cart = load();
  $('[data-cart-field]', form).value = JSON.stringify(cart);
  const { result } = await priced(cart);
  const box = $('[data-checkout-summary]');
  box.innerHTML = result.lines.length ? summary(result, '') : '<p>Your cart is empty. <a href="/">Keep shopping →</a></p>';
  form.addEventListener('submit', (e) => {
    $('[data-cart-field]', form).value = JSON.stringify(load());
    if (load().length === 0) e.preventDefault();
  });
}

function bindAddForms() {
  for (const form of document.querySelectorAll('[data-add-to-cart]')) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const quantity = Math.max(1, Math.min(99, Math.floor(Number(form.elements.quantity.value)) || 1));
      save(addToCart(load(), form.dataset.sku, quantity));
      const note = $('[data-added]');
      if (note) note.hidden = false;
    });
  }
}

// The cookie banner, when the tag asks for consent: the shop remembers the answer, the tag is told.
function bindConsent(banner) {
  let answer = null;
  try {
    answer = localStorage.getItem('lanxi.consent');
  } catch {}
  if (answer === null) banner.hidden = false;
  banner.addEventListener('click', (e) => {
    const button = e.target.closest('[data-consent]');
    if (!button) return;
    const granted = button.dataset.consent === 'grant';
    try {
      localStorage.setItem('lanxi.consent', granted ? 'granted' : 'denied');
    } catch {}
    if (typeof window.twotier === 'function') window.twotier('consent', granted);
    banner.hidden = true;
  });
}

showCount(load());
const consentBanner = $('[data-consent-banner]');
if (consentBanner) bindConsent(consentBanner);
bindAddForms();
const cartRoot = $('[data-cart-page]');
if (cartRoot) bindCartPage(cartRoot);
const checkoutForm = $('[data-checkout-form]');
if (checkoutForm) bindCheckout(checkoutForm);
if ($('[data-clear-cart]')) save([]);
