import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccounts } from './accounts.mjs';
import { artFor, products } from './catalog.mjs';
import { createContext } from './context.mjs';
import { HttpError, send } from './http-utils.mjs';
import { createJsonStore } from './json-store.mjs';
import { createOrderBook } from './order-book.mjs';
import { createTwotierBridge } from './twotier-bridge.mjs';
import { accountRoutes } from './routes-account.mjs';
import { adminRoutes } from './routes-admin.mjs';
import { shopRoutes } from './routes-shop.mjs';
import { html } from './pages/html.mjs';
import { notFoundPage } from './pages/catalog-pages.mjs';

const here = (/** @type {string} */ p) => fileURLToPath(new URL(p, import.meta.url));

/** Files the browser loads; the cart and money modules are the very ones the backend uses. */
const assets = {
  '/assets/shop.css': { file: here('../public/shop.css'), type: 'text/css; charset=utf-8' },
  '/assets/shop.js': { file: here('../public/shop.js'), type: 'text/javascript; charset=utf-8' },
  '/assets/cart.mjs': { file: here('./cart.mjs'), type: 'text/javascript; charset=utf-8' },
  '/assets/money.mjs': { file: here('./money.mjs'), type: 'text/javascript; charset=utf-8' },
};

/** What the cart page needs to draw lines: no more than a product card shows. */
const catalogJson = JSON.stringify(products.map(({ sku, slug, name, nameZh, category, price }) => ({ sku, slug, name, nameZh, category, price })));

/**
 * @typedef {{ email: string, name: string, password: string, admin?: boolean, id?: string }} SeedUser
 * @typedef {{ port?: number, host?: string, api?: string, publishableKey?: string, secretKey?: string,
 *   dataDir?: string, users?: SeedUser[], publicUrl?: string, consent?: 'required' }} ShopOptions
 */

/**
 * Starts the Lanxi Tea shop: its pages, cart, checkout, accounts and admin,
 * with the twotier tag in every page and orders posted to twotier on payment.
 *
 * @param {ShopOptions} [options] `port` 0 picks a free one; without `dataDir`
 *   users and orders live in memory; `users` are created if missing (demo logins; a given `id`
 *   is the userId of their identity tokens, so a distributor created with that `externalId` is
 *   theirs); `consent: 'required'` makes the tag wait for the shop's cookie banner.
 * @returns {Promise<{ url: string, close: () => Promise<void>, services: import('./context.mjs').ShopServices }>}
 * @example
 * const shop = await startShop({ port: 0, api: 'http://127.0.0.1:8787', publishableKey: 'pk_…', secretKey: 'sk_…' });
 * console.log(shop.url); await shop.close();
 */
export async function startShop(options = {}) {
  const { port = 3000, host = '127.0.0.1', api = 'http://127.0.0.1:8787', publishableKey, secretKey, dataDir, users = [] } = options;
  const accountsStore = createJsonStore(dataDir ? join(dataDir, 'users.json') : undefined, () => ({ users: [] }));
  const ordersStore = createJsonStore(dataDir ? join(dataDir, 'orders.json') : undefined, () => ({ orders: [] }));
  const accounts = createAccounts(accountsStore);
  for (const seed of users) {
    if (!accounts.findByEmail(seed.email.toLowerCase())) await accounts.signUp(seed);
  }
  const services = {
    accounts,
    orders: createOrderBook(ordersStore),
    bridge: createTwotierBridge({ api, secretKey }),
    tag: { api, publishableKey, ...(options.consent === 'required' ? { consent: /** @type {const} */ ('required') } : {}) },
    secureCookies: (options.publicUrl ?? '').startsWith('https:'),
  };
  const ctx = createContext(services);
  const routes = [shopRoutes(ctx), accountRoutes(ctx), adminRoutes(ctx)];
  const files = Object.fromEntries(Object.entries(assets).map(([path, a]) => [path, { body: readFileSync(a.file), type: a.type }]));

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop.local');
    try {
      const file = files[url.pathname];
      if (file && req.method === 'GET') return send(res, 200, file.body, { 'content-type': file.type, 'cache-control': 'no-cache' });
      if (url.pathname === '/catalog.json') return send(res, 200, catalogJson, { 'content-type': 'application/json' });
      const art = /^\/art\/([A-Z0-9-]+)\.svg$/.exec(url.pathname);
      if (art && products.some((p) => p.sku === art[1])) {
        return send(res, 200, artFor(art[1] ?? ''), { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
      }
      if (url.pathname === '/healthz') return send(res, 200, 'ok', { 'content-type': 'text/plain' });
      for (const route of routes) if (await route(req, res, url)) return;
      await ctx.page(req, res, { title: 'Not found', body: notFoundPage(), status: 404 });
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('[shop]', error);
      const message = error instanceof HttpError ? error.message : 'Something went wrong on our side.';
      if (res.headersSent) return res.destroy();
      await ctx
        .page(req, res, { title: 'Error', body: html`<section class="panel narrow center"><h1>Sorry</h1><p>${message}</p><p><a class="btn" href="/">Back to the shop</a></p></section>`, status })
        .catch(() => send(res, status, message));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host}:${address.port}`;
  return {
    url,
    services,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
