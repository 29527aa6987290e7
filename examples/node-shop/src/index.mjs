/** The node shop: server-side referral capture and typed twotier calls. */
export { startNodeShop } from './app.mjs';
export { captureReferral } from './referral.mjs';
export { buildOrder, orderTotal } from './orders.mjs';
