/**
 * Gives twotier the shop's Stripe signing secret: `PUT /v1/integrations/stripe`
 * `{ signingSecret }` with the shop's secret key. twotier keeps it to check
 * `Stripe-Signature` on the webhook and never shows it again.
 *
 * @param {{ server: string, secretKey: string, signingSecret: string, fetch?: typeof fetch }} options
 * @returns {Promise<{ status: number, body: unknown }>}
 */
export async function configureStripeSecret({ server, secretKey, signingSecret, fetch: doFetch = fetch }) {
  const res = await doFetch(`${server.replace(/\/$/, '')}/v1/integrations/stripe`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ signingSecret }),
  });
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body };
}
