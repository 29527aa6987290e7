#!/usr/bin/env node
/** Runs the node shop from PORT, TWOTIER_API, TWOTIER_SECRET_KEY and (optional) TWOTIER_PUBLISHABLE_KEY. */
import { startNodeShop } from './app.mjs';

const { PORT = '3001', TWOTIER_API = 'http://127.0.0.1:8787', TWOTIER_SECRET_KEY, TWOTIER_PUBLISHABLE_KEY } = process.env;
if (!TWOTIER_SECRET_KEY) {
  console.error('Set TWOTIER_SECRET_KEY (sk_…) from `twotier shop create`.');
  process.exit(1);
}
const shop = await startNodeShop({ port: Number(PORT), api: TWOTIER_API, secretKey: TWOTIER_SECRET_KEY, publishableKey: TWOTIER_PUBLISHABLE_KEY || undefined });
console.log(`Node Shop at ${shop.url} — try ${shop.url}/?ref=YOURCODE`);
process.on('SIGINT', () => shop.close().then(() => process.exit(0)));
