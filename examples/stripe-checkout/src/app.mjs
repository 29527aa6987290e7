import { createServer } from 'node:http';
import { readReferralFromCookies } from '@twotier/sdk/server';
import { checkoutSessionParams, createCheckoutSession } from './checkout-session.mjs';

/** The one thing this shop sells, in fen. */
export const PRODUCT = Object.freeze({ sku: 'TEA-SAMPLER', name: 'Four Seasons Tea Sampler', category: 'gift', unitAmount: 26_800, currency: 'CNY' });

const esc = (/** @type {unknown} */ s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A one-product shop paying through Stripe Checkout. `POST /buy` creates a
 * Checkout Session whose `client_reference_id` is the twotier visitor id
 * (read from the first-party cookie the tag keeps); without a Stripe key it
 * shows the session it would create instead.
 *
 * @param {{ port?: number, host?: string, api?: string, publishableKey?: string, stripeSecretKey?: string,
 *   paymentLink?: string, fetch?: typeof fetch }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startStripeShop({ port = 3002, host = '127.0.0.1', api = 'http://127.0.0.1:8787', publishableKey, stripeSecretKey, paymentLink, fetch: doFetch }) {
  const tag = publishableKey
    ? `<script>window.twotier=window.twotier||function(){(twotier.q=twotier.q||[]).push(arguments)};</script>
<script async src="${esc(api.replace(/\/$/, ''))}/twotier.js" data-key="${esc(publishableKey)}"></script>`
    : '';
  const page = (/** @type {string} */ body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Tea by Stripe</title>${tag}
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:640px;margin:40px auto;padding:0 16px}button,.btn{font:inherit;padding:10px 18px;border-radius:8px;border:0;background:#635bff;color:#fff;text-decoration:none;display:inline-block;cursor:pointer}pre{background:#f4f4f6;padding:12px;overflow:auto;border-radius:8px}</style></head><body>${body}</body></html>`;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const html = (/** @type {number} */ status, /** @type {string} */ body) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(page(body));
    try {
      if (req.method === 'GET' && url.pathname === '/') {
        return html(200, `<h1>${esc(PRODUCT.name)}</h1><p>¥${PRODUCT.unitAmount / 100}.00 — four teas, one for each season.</p>
<form method="post" action="/buy"><button>Pay with Stripe Checkout</button></form>
${paymentLink ? `<p>Or with a Payment Link (the twotier tag adds <code>client_reference_id</code> to it): <a class="btn" href="${esc(paymentLink)}">Buy</a></p>` : ''}`);
      }
      if (req.method === 'POST' && url.pathname === '/buy') {
        const { visitorId, code } = readReferralFromCookies(req.headers.cookie);
        const params = checkoutSessionParams({
          lines: [{ sku: PRODUCT.sku, name: PRODUCT.name, category: PRODUCT.category, unitAmount: PRODUCT.unitAmount, quantity: 1 }],
          currency: PRODUCT.currency,
          visitorId,
          referralCode: code,
          successUrl: `${url.origin}/thanks?session_id={CHECKOUT_SESSION_ID}`,
          cancelUrl: `${url.origin}/`,
        });
        if (!stripeSecretKey) {
          const shown = [...params].map(([k, v]) => `${k}=${v}`).join('\n');
          return html(200, `<h1>Stripe is not configured</h1><p>With <code>STRIPE_SECRET_KEY</code> set, this would create a Checkout Session with:</p><pre>${esc(shown)}</pre>`);
        }
        const session = await createCheckoutSession(params, { stripeSecretKey, ...(doFetch ? { fetch: doFetch } : {}) });
        return res.writeHead(303, { location: session.url }).end();
      }
      if (req.method === 'GET' && url.pathname === '/thanks') {
        return html(200, `<h1>Thank you!</h1><p>Stripe will tell twotier about this payment through the webhook; nothing else to do here.</p>`);
      }
      html(404, '<p>Not found.</p>');
    } catch (error) {
      html(502, `<p>${esc(/** @type {Error} */ (error).message)}</p>`);
    }
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const { port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://${host}:${bound}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}
