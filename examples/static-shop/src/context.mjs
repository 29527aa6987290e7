import { parseCookies, send } from './http-utils.mjs';
import { layout } from './pages/layout.mjs';

/** Name of the shop's own login cookie. */
export const SESSION_COOKIE = 'lanxi_session';

/**
 * What every route handler gets: the shop's stores, the twotier bridge and
 * a page renderer that adds the layout (and the identity token when a user
 * is logged in).
 *
 * @typedef {import('./accounts.mjs').User} User
 * @typedef {{
 *   accounts: ReturnType<typeof import('./accounts.mjs').createAccounts>,
 *   orders: ReturnType<typeof import('./order-book.mjs').createOrderBook>,
 *   bridge: ReturnType<typeof import('./twotier-bridge.mjs').createTwotierBridge>,
 *   tag: import('./pages/layout.mjs').TagConfig,
 *   secureCookies: boolean,
 * }} ShopServices
 * @typedef {ShopServices & {
 *   userOf: (req: import('node:http').IncomingMessage) => User | null,
 *   sessionTokenOf: (req: import('node:http').IncomingMessage) => string | undefined,
 *   page: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *     opts: { title: string, body: import('./pages/html.mjs').SafeHtml, active?: string, status?: number }) => Promise<void>,
 * }} ShopContext
 */

/**
 * @param {ShopServices} services
 * @returns {ShopContext}
 */
export function createContext(services) {
  /** @param {import('node:http').IncomingMessage} req */
  const sessionTokenOf = (req) => parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  /** @param {import('node:http').IncomingMessage} req */
  const userOf = (req) => services.accounts.userForSession(sessionTokenOf(req));
  return {
    ...services,
    sessionTokenOf,
    userOf,
    async page(req, res, { title, body, active, status = 200 }) {
      const user = userOf(req);
      const identityToken = user && services.tag.publishableKey ? await services.bridge.identityToken(user) : null;
      const markup = layout({ title, body, active, user, tag: services.tag, identityToken }).toString();
      send(res, status, markup, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    },
  };
}
