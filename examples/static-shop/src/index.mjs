/**
 * Lanxi Tea, an example shop that adopts twotier with the pasted tag and
 * one server-to-server call on payment. Start it with {@link startShop}.
 */
export { startShop } from './server.mjs';
export { buildOrderPayload } from './order-payload.mjs';
export { buildRefund, RefundError } from './refund-payload.mjs';
export { priceCart, normalizeCart } from './cart.mjs';
export { products, findProduct } from './catalog.mjs';
export { formatFen, parseYuan } from './money.mjs';
