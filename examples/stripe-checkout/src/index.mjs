/** Stripe Checkout decorated for twotier, and Stripe-signed webhook fixtures. */
export { signStripePayload, verifyStripeSignature, STRIPE_TOLERANCE_SECONDS } from './stripe-signature.mjs';
export { checkoutSessionParams, createCheckoutSession } from './checkout-session.mjs';
export { loadFixture, FIXTURE_NAMES } from './fixtures.mjs';
export { postStripeEvent } from './post-webhook.mjs';
export { configureStripeSecret } from './configure.mjs';
export { startStripeShop, PRODUCT } from './app.mjs';
