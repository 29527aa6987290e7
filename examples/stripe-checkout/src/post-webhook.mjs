import { signStripePayload } from './stripe-signature.mjs';

/**
 * Posts one Stripe event to twotier's Stripe endpoint, signed like Stripe
 * signs it, and returns the status and body twotier answered.
 *
 * @param {{ server: string, shopId: string, signingSecret: string, event: object, timestamp?: number, fetch?: typeof fetch }} options
 * @returns {Promise<{ status: number, body: unknown }>}
 */
export async function postStripeEvent({ server, shopId, signingSecret, event, timestamp, fetch: doFetch = fetch }) {
  const payload = JSON.stringify(event);
  const url = `${server.replace(/\/$/, '')}/v1/integrations/stripe/${encodeURIComponent(shopId)}/webhook`;
  const res = await doFetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signStripePayload(payload, signingSecret, timestamp),
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    },
    body: payload,
  });
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}
