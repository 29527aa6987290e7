#!/usr/bin/env node
/** PORT (3002), TWOTIER_API, TWOTIER_PUBLISHABLE_KEY, STRIPE_SECRET_KEY (sk_test_…), STRIPE_PAYMENT_LINK (optional). */
import { startStripeShop } from './app.mjs';

const env = process.env;
const shop = await startStripeShop({
  port: Number(env.PORT ?? 3002),
  api: env.TWOTIER_API ?? 'http://127.0.0.1:8787',
  publishableKey: env.TWOTIER_PUBLISHABLE_KEY || undefined,
  stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
  paymentLink: env.STRIPE_PAYMENT_LINK || undefined,
});
console.log(`Stripe example at ${shop.url}${env.STRIPE_SECRET_KEY ? '' : ' (no STRIPE_SECRET_KEY: /buy shows the session it would create)'}`);
process.on('SIGINT', () => shop.close().then(() => process.exit(0)));
