/**
 * The shop's cart: a list of `{ sku, quantity }` kept in the browser's
 * localStorage, priced against the catalogue. The browser uses it to show
 * totals; the backend uses the very same functions and its own catalogue to
 * charge, so a price edited in the browser changes nothing.
 */

/** Orders of at least this subtotal ship free. */
export const FREE_SHIPPING_FROM = 19_900;
/** Flat shipping below {@link FREE_SHIPPING_FROM}, fen. */
export const SHIPPING_FEE = 1_000;
/** Most units of one product in one cart. */
export const MAX_QUANTITY = 99;

/**
 * @typedef {{ sku: string, quantity: number }} CartLine
 * @typedef {{ sku: string, name: string, category: string, price: number }} PricedProduct
 * @typedef {{ sku: string, name: string, category: string, quantity: number, unitPrice: number, lineTotal: number }} PricedLine
 * @typedef {{ lines: PricedLine[], subtotal: number, shipping: number, total: number, count: number }} PricedCart
 */

/**
 * Cleans untrusted cart data (localStorage, a form field): keeps lines with a
 * string sku and a whole quantity, merges repeated skus, caps quantities.
 * @param {unknown} raw
 * @returns {CartLine[]}
 */
export function normalizeCart(raw) {
  /** @type {Map<string, number>} */
  const merged = new Map();
  if (!Array.isArray(raw)) return [];
  for (const line of raw) {
    if (typeof line !== 'object' || line === null) continue;
    const { sku, quantity } = /** @type {Record<string, unknown>} */ (line);
    if (typeof sku !== 'string' || sku.length === 0 || sku.length > 64) continue;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1) continue;
    merged.set(sku, Math.min(MAX_QUANTITY, (merged.get(sku) ?? 0) + quantity));
  }
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Adds `quantity` of `sku` (negative removes; reaching 0 drops the line).
 * @param {CartLine[]} cart
 * @param {string} sku
 * @param {number} quantity
 * @returns {CartLine[]}
 */
export function addToCart(cart, sku, quantity) {
  const next = cart.map((l) => (l.sku === sku ? { sku, quantity: l.quantity + quantity } : l));
  if (!cart.some((l) => l.sku === sku)) next.push({ sku, quantity });
  return normalizeCart(next.filter((l) => l.quantity > 0));
}

/**
 * Sets the quantity of `sku`; 0 removes it.
 * @param {CartLine[]} cart
 * @param {string} sku
 * @param {number} quantity
 * @returns {CartLine[]}
 */
export function setQuantity(cart, sku, quantity) {
  return normalizeCart(cart.map((l) => (l.sku === sku ? { sku, quantity } : l)));
}

/**
 * Prices a cart with a catalogue, in integer fen. Unknown skus are dropped.
 * Shipping is a flat fee under {@link FREE_SHIPPING_FROM}, free above, and
 * nothing for an empty cart.
 * @param {CartLine[]} cart
 * @param {(sku: string) => PricedProduct | undefined} findProduct
 * @returns {PricedCart}
 */
export function priceCart(cart, findProduct) {
  /** @type {PricedLine[]} */
  const lines = [];
  for (const { sku, quantity } of normalizeCart(cart)) {
    const p = findProduct(sku);
    if (!p) continue;
    lines.push({ sku, name: p.name, category: p.category, quantity, unitPrice: p.price, lineTotal: p.price * quantity });
  }
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const shipping = lines.length === 0 || subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;
  const count = lines.reduce((sum, l) => sum + l.quantity, 0);
  return { lines, subtotal, shipping, total: subtotal + shipping, count };
}
