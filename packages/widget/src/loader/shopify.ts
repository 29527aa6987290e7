import type { ReferralState } from '@twotier/core';

/** Where the last referral written into the cart is remembered: `<cart token>|<code>|<visitor id>`. */
const MARK_KEY = 'tt_sc';

/** Shopify's storefront globals that this reads (`window.Shopify`). */
interface ShopifyGlobal {
  shop?: string;
  routes?: { root?: string };
}

const cartToken = (doc: Document): string => {
  try {
    return (/(?:^|;\s*)cart=([^;]*)/.exec(doc.cookie) || [])[1] || '';
  } catch {
    return '';
  }
};

/**
 * On a Shopify storefront (`window.Shopify.shop`), writes the kept referral
 * code and visitor id into the cart's attributes with Shopify's Ajax Cart API
 * (`POST {routes.root}cart/update.js` `{ attributes }`), so the order arrives
 * carrying them as `note_attributes` (`twotier_ref`, `twotier_visitor`). Once
 * per change: the cart token, code and visitor id written last are kept, and
 * the same again writes nothing; a new cart (after a checkout) is written
 * again. A lazy chunk of its own, loaded only on Shopify storefronts; never
 * throws into the page.
 */
export const syncCart = async (w: Window, referral: ReferralState, log: (...a: unknown[]) => void): Promise<void> => {
  const shopify = (w as { Shopify?: ShopifyGlobal }).Shopify;
  if (!shopify || !shopify.shop || !referral.visitorId) return;
  const doc = w.document;
  const mark = () => [cartToken(doc), referral.code || '', referral.visitorId].join('|');
  // Without a readable cart cookie, a browser session stands in for the cart.
  const marks = (): Storage | null => {
    try {
      return cartToken(doc) ? w.localStorage : w.sessionStorage;
    } catch {
      return null;
    }
  };
  try {
    if (marks()?.getItem(MARK_KEY) == mark()) return;
  } catch {}
  try {
    const res = await w.fetch(((shopify.routes && shopify.routes.root) || '/') + 'cart/update.js', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ attributes: { twotier_ref: referral.code || '', twotier_visitor: referral.visitorId } }),
    });
    if (!res.ok) return log('cart/update.js', res.status);
    // The request may have created the cart: remember it with its token.
    marks()?.setItem(MARK_KEY, mark());
  } catch (e) {
    log('cart/update.js', e);
  }
};
