#!/usr/bin/env node
/**
 * Runs the shop from environment variables:
 *   PORT (3000), TWOTIER_API (http://127.0.0.1:8787),
 *   TWOTIER_PUBLISHABLE_KEY, TWOTIER_SECRET_KEY,
 *   SHOP_DATA_DIR (./data), SHOP_ADMIN_EMAIL / SHOP_ADMIN_PASSWORD (the shop's staff login),
 *   TWOTIER_CONSENT=required (the tag waits for the shop's cookie banner).
 */
import { randomBytes } from 'node:crypto';
import { startShop } from '../src/server.mjs';

const env = process.env;
const adminEmail = env.SHOP_ADMIN_EMAIL ?? 'owner@lanxi-tea.example';
const adminPassword = env.SHOP_ADMIN_PASSWORD ?? randomBytes(6).toString('base64url');

const shop = await startShop({
  port: Number(env.PORT ?? 3000),
  host: env.HOST ?? '127.0.0.1',
  api: env.TWOTIER_API ?? 'http://127.0.0.1:8787',
  publishableKey: env.TWOTIER_PUBLISHABLE_KEY || undefined,
  secretKey: env.TWOTIER_SECRET_KEY || undefined,
  dataDir: env.SHOP_DATA_DIR ?? 'data',
  consent: env.TWOTIER_CONSENT === 'required' ? 'required' : undefined,
  users: [{ email: adminEmail, name: 'Owner', password: adminPassword, admin: true }],
});

console.log(`Lanxi Tea is open at ${shop.url}`);
console.log(`  staff login: ${adminEmail}${env.SHOP_ADMIN_PASSWORD ? '' : ` / ${adminPassword} (only if the account is new)`}`);
if (!env.TWOTIER_PUBLISHABLE_KEY) console.log('  TWOTIER_PUBLISHABLE_KEY is not set: pages carry no twotier tag.');
if (!env.TWOTIER_SECRET_KEY) console.log('  TWOTIER_SECRET_KEY is not set: paid orders are not sent to twotier.');

const stop = () => shop.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
