#!/usr/bin/env node
/**
 * Signs the fixture events with your Stripe signing secret and posts them to
 * a twotier server, offline — no Stripe account involved.
 *
 *   node scripts/post-fixtures.mjs --shop shp_… --secret whsec_… \
 *     [--server http://127.0.0.1:8787] [--visitor v_…] [--ref CODE|none] [--only checkout.session.completed]
 *     [--configure sk_…]   first give twotier the signing secret (PUT /v1/integrations/stripe)
 *
 * Every run uses fresh Stripe ids, so it records a new order (and its refund).
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { FIXTURE_NAMES, loadFixture } from '../src/fixtures.mjs';
import { postStripeEvent } from '../src/post-webhook.mjs';
import { configureStripeSecret } from '../src/configure.mjs';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.TWOTIER_API ?? 'http://127.0.0.1:8787' },
    shop: { type: 'string', default: process.env.TWOTIER_SHOP_ID },
    secret: { type: 'string', default: process.env.STRIPE_WEBHOOK_SECRET },
    visitor: { type: 'string' },
    ref: { type: 'string' },
    only: { type: 'string' },
    configure: { type: 'string' },
  },
});
if (!values.shop || !values.secret) {
  console.error('usage: post-fixtures --shop <shop id> --secret <whsec_… signing secret> [--server URL] [--visitor v_…] [--ref CODE]');
  process.exit(2);
}
if (values.configure) {
  const { status, body } = await configureStripeSecret({ server: values.server, secretKey: values.configure, signingSecret: values.secret });
  console.log(`PUT /v1/integrations/stripe → ${status}`, status >= 300 ? JSON.stringify(body) : '');
  if (status >= 300) process.exit(1);
}
const suffix = randomBytes(4).toString('hex');
let failed = false;
for (const name of values.only ? [values.only] : FIXTURE_NAMES) {
  const referralCode = values.ref === 'none' ? null : values.ref;
  const event = loadFixture(name, { suffix, visitorId: values.visitor, referralCode });
  const { status, body } = await postStripeEvent({ server: values.server, shopId: values.shop, signingSecret: values.secret, event });
  console.log(`${event.type} ${event.id} → ${status}`);
  console.log(JSON.stringify(body, null, 2));
  if (status >= 300) failed = true;
}
process.exit(failed ? 1 : 0);
