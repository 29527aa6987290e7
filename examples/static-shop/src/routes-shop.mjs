import { readReferralFromCookies } from '@twotier/sdk/server';
import { findProduct, findProductBySlug } from './catalog.mjs';
import { normalizeCart, priceCart } from './cart.mjs';
import { HttpError, readForm, redirect } from './http-utils.mjs';
import { cleanReferralCode, cleanVisitorId } from './order-payload.mjs';
import { isRegion } from './regions.mjs';
import { homePage, productPage } from './pages/catalog-pages.mjs';
import { cartPage, checkoutPage, payPage, thanksPage } from './pages/checkout-pages.mjs';

/** @typedef {import('./context.mjs').ShopContext} ShopContext @typedef {import('node:http').IncomingMessage} Req @typedef {import('node:http').ServerResponse} Res */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks the checkout form; returns the customer or a message to show.
 * @param {Record<string, string>} form
 */
export function readCheckoutForm(form) {
  const name = (form.name ?? '').trim();
  const email = (form.email ?? '').trim().toLowerCase();
  const phone = (form.phone ?? '').trim();
  const address = (form.address ?? '').trim();
  const region = form.region ?? '';
  if (!name || name.length > 60) return { error: 'Please enter your name.' };
  if (!EMAIL.test(email)) return { error: 'Please enter a valid email address.' };
  if (!/^[0-9+ -]{6,20}$/.test(phone)) return { error: 'Please enter a phone number.' };
  if (!isRegion(region)) return { error: 'Please choose a province we ship to.' };
  if (!address || address.length > 300) return { error: 'Please enter your address.' };
  return { customer: { name, email, phone, address, region } };
}

/**
 * Catalogue, cart, checkout, payment and thank-you routes.
 * @param {ShopContext} ctx
 * @returns {(req: Req, res: Res, url: URL) => Promise<boolean>}
 */
export function shopRoutes(ctx) {
  return async (req, res, url) => {
    const path = url.pathname;
    if (req.method === 'GET' && path === '/') {
      const category = url.searchParams.get('category');
      await ctx.page(req, res, { title: 'Chinese tea and teaware', body: homePage({ category }), active: 'shop' });
      return true;
    }
    const product = /^\/products\/([a-z0-9-]+)$/.exec(path);
    if (req.method === 'GET' && product) {
      const p = findProductBySlug(product[1] ?? '');
      if (!p) return false;
      await ctx.page(req, res, { title: p.name, body: productPage(p), active: 'shop' });
      return true;
    }
    if (req.method === 'GET' && path === '/cart') {
      await ctx.page(req, res, { title: 'Cart', body: cartPage(), active: 'cart' });
      return true;
    }
    if (path === '/checkout') {
      const user = ctx.userOf(req);
      if (req.method === 'GET') {
        await ctx.page(req, res, { title: 'Checkout', body: checkoutPage({ user }), active: 'cart' });
        return true;
      }
      if (req.method !== 'POST') return false;
      const form = await readForm(req);
      /** @type {import('./cart.mjs').CartLine[]} */
      let cart = [];
      try {
        cart = normalizeCart(JSON.parse(form.cart ?? '[]'));
      } catch {
        cart = [];
      }
      const priced = priceCart(cart, findProduct);
      const checked = readCheckoutForm(form);
      const error = priced.lines.length === 0 ? 'Your cart is empty.' : checked.error;
      if (error || !checked.customer) {
        await ctx.page(req, res, { title: 'Checkout', body: checkoutPage({ user, error, values: form }), status: 422 });
        return true;
      }
      // The tag's hidden inputs first; its first-party cookies if the inputs were not added.
      const cookies = readReferralFromCookies(req.headers.cookie);
      const referral = {
        visitorId: cleanVisitorId(form.twotier_vid) ?? cookies.visitorId ?? undefined,
        code: cleanReferralCode(form.twotier_ref) ?? cookies.code ?? undefined,
      };
      const order = ctx.orders.create({ priced, customer: { ...checked.customer, userId: user?.id }, referral });
      redirect(res, `/pay/${order.id}`);
      return true;
    }
    const pay = /^\/pay\/([A-Z0-9-]+)$/.exec(path);
    if (pay) {
      const order = ctx.orders.get(pay[1] ?? '');
      if (!order) return false;
      if (req.method === 'GET') {
        if (order.status === 'paid') redirect(res, `/thanks/${order.id}`);
        else await ctx.page(req, res, { title: 'Payment', body: payPage(order), active: 'cart' });
        return true;
      }
      if (req.method !== 'POST') return false;
      await readForm(req);
      if (order.status !== 'paid') {
        ctx.orders.markPaid(order.id);
        ctx.orders.recordTwotier(order.id, await ctx.bridge.postOrder(order));
      }
      redirect(res, `/thanks/${order.id}`);
      return true;
    }
    const thanks = /^\/thanks\/([A-Z0-9-]+)$/.exec(path);
    if (req.method === 'GET' && thanks) {
      const order = ctx.orders.get(thanks[1] ?? '');
      if (!order) return false;
      if (order.status !== 'paid') throw new HttpError(409, 'This order is not paid yet.');
      await ctx.page(req, res, { title: 'Thank you', body: thanksPage(order, { loggedIn: ctx.userOf(req) !== null }) });
      return true;
    }
    return false;
  };
}
