/**
 * A Stripe Checkout Session created on the server, decorated for twotier:
 * `client_reference_id` is the visitor id the twotier tag (or the server's
 * referral cookie) gave this browser, so the `checkout.session.completed`
 * webhook tells twotier who bought. Metadata carries what twotier reads
 * besides: `twotier_items` (the lines with sku, category, quantity and unit
 * price, so commission rules by product and category apply; without it the
 * order is one line of the session's total) and `twotier_ref` (the
 * referral code, when the shop has it).
 */

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
const CODE = /^[A-Za-z0-9_-]{2,32}$/;

/**
 * @typedef {{ sku: string, name: string, unitAmount: number, quantity: number, category?: string }} CheckoutLine
 * @typedef {{ lines: CheckoutLine[], currency: string, visitorId?: string | null, referralCode?: string | null,
 *   successUrl: string, cancelUrl: string, customerEmail?: string }} CheckoutInput
 */

/**
 * The form-encoded body of `POST https://api.stripe.com/v1/checkout/sessions`.
 * @param {CheckoutInput} input
 * @returns {URLSearchParams}
 */
export function checkoutSessionParams({ lines, currency, visitorId, referralCode, successUrl, cancelUrl, customerEmail }) {
  if (lines.length === 0) throw new RangeError('a checkout needs at least one line');
  const p = new URLSearchParams({ mode: 'payment', success_url: successUrl, cancel_url: cancelUrl });
  lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.unitAmount) || l.unitAmount < 1) throw new RangeError(`line ${i}: unitAmount is whole minor units`);
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) throw new RangeError(`line ${i}: quantity is a whole number ≥ 1`);
    p.set(`line_items[${i}][quantity]`, String(l.quantity));
    p.set(`line_items[${i}][price_data][currency]`, currency.toLowerCase());
    p.set(`line_items[${i}][price_data][unit_amount]`, String(l.unitAmount));
    p.set(`line_items[${i}][price_data][product_data][name]`, l.name);
    p.set(`line_items[${i}][price_data][product_data][metadata][sku]`, l.sku);
  });
  const items = lines.map((l) => ({ sku: l.sku, ...(l.category ? { category: l.category } : {}), quantity: l.quantity, unitPrice: l.unitAmount }));
  const itemsJson = JSON.stringify(items);
  // Stripe caps a metadata value at 500 characters; past that, twotier books the total as one line.
  if (itemsJson.length <= 500) p.set('metadata[twotier_items]', itemsJson);
  if (visitorId && VISITOR_ID.test(visitorId)) p.set('client_reference_id', visitorId);
  if (referralCode && CODE.test(referralCode)) p.set('metadata[twotier_ref]', referralCode);
  if (customerEmail) p.set('customer_email', customerEmail);
  return p;
}

/**
 * Creates the session with Stripe's REST API and returns `{ id, url }`.
 * @param {URLSearchParams} params
 * @param {{ stripeSecretKey: string, fetch?: typeof fetch }} options
 * @returns {Promise<{ id: string, url: string }>}
 */
export async function createCheckoutSession(params, { stripeSecretKey, fetch: doFetch = fetch }) {
  const res = await doFetch('https://api.stripe.com/v1/checkout/sessions', {
    method: 'POST',
    headers: { authorization: `Bearer ${stripeSecretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: params,
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`Stripe: ${body?.error?.message ?? res.status}`);
  return { id: body.id, url: body.url };
}
