import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createTwotierClient, signIdentityToken } from '@twotier/sdk/server';
import { captureReferral } from './referral.mjs';
import { buildOrder, orderTotal } from './orders.mjs';
import { accountPage, homePage, loginPage, page, thanksPage } from './pages.mjs';
import { USER_COOKIE, createUserCookies, userIdFor } from './user-cookie.mjs';

/**
 * @typedef {{ port?: number, host?: string, api: string, secretKey: string, publishableKey?: string, cookieSecret?: string }} NodeShopOptions
 * @typedef {{ id: string, total: number, commissions: { level: number, amount: number }[], refunded: number, refunds: number }} PlacedOrder
 */

/** @param {import('node:http').IncomingMessage} req */
async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw new RangeError('form too large');
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** @param {string | undefined} header @param {string} name */
const cookie = (header, name) => new Map((header ?? '').split(';').map((p) => /** @type {[string, string]} */ (p.trim().split('=', 2)))).get(name);

/**
 * Starts the server-rendered shop: referral capture in a first-party cookie,
 * typed order and refund calls, and a distributor page built from the SDK's
 * `me` calls with an identity token, all on the server.
 * @param {NodeShopOptions} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startNodeShop({ port = 3001, host = '127.0.0.1', api, secretKey, publishableKey, cookieSecret = randomBytes(32).toString('hex') }) {
  const twotier = createTwotierClient({ baseUrl: api, secretKey, publishableKey, retry: { limit: 1, delay: () => 200 } });
  const users = createUserCookies(cookieSecret);
  /** @type {Map<string, PlacedOrder>} */
  const orders = new Map();

  /** A distributor session for the logged-in user, from a freshly signed identity token. */
  const sessionFor = async (/** @type {import('./user-cookie.mjs').ShopUser} */ user, /** @type {string} */ visitorId) => {
    const identityToken = await signIdentityToken(secretKey, { userId: user.id, email: user.email, name: user.name, exp: Math.floor(Date.now() / 1000) + 300 });
    const { session } = await twotier.sessions.create(identityToken, visitorId);
    return twotier.withSession(session);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const referral = captureReferral(url, req.headers.cookie);
    const headers = { 'content-type': 'text/html; charset=utf-8', 'set-cookie': referral.setCookies };
    const send = (/** @type {number} */ status, /** @type {string} */ html) => res.writeHead(status, headers).end(html);
    const go = (/** @type {string} */ location, /** @type {string[]} */ extra = []) =>
      res.writeHead(303, { location, 'set-cookie': [...referral.setCookies, ...extra] }).end();
    const user = users.open(cookie(req.headers.cookie, USER_COOKIE));
    try {
      if (referral.touched && publishableKey) {
        // Record the touch too (binding, click stats); the order carries the code either way.
        const eventId = `e_${randomBytes(12).toString('base64url')}`;
        await twotier.track.click({ code: /** @type {string} */ (referral.code), visitorId: referral.visitorId, eventId, url: url.href }).catch(() => {});
      }
      if (req.method === 'GET' && referral.cleanUrl) return go(referral.cleanUrl);
      const path = url.pathname;
      if (req.method === 'GET' && path === '/') return send(200, page('Shop', homePage({ code: referral.code, user }), user));
      if (req.method === 'POST' && path === '/checkout') {
        const form = await readForm(req);
        const quantities = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('qty:')).map(([k, v]) => [k.slice(4), Number(v)]));
        let order;
        try {
          order = buildOrder({ quantities, email: form.email || user?.email, userId: user?.id, referral });
        } catch (error) {
          return send(422, page('Shop', `<p class="note">${/** @type {Error} */ (error).message}</p>` + homePage({ code: referral.code, user }), user));
        }
        const result = await twotier.orders.create(order);
        orders.set(order.id, { id: order.id, total: orderTotal(order), commissions: result.commissions, refunded: 0, refunds: 0 });
        return go(`/orders/${order.id}`);
      }
      const m = /^\/orders\/(NS-[0-9A-F]+)(\/refund)?$/.exec(path);
      const placed = m ? orders.get(m[1] ?? '') : undefined;
      if (placed && req.method === 'GET' && !m?.[2]) return send(200, page('Thank you', thanksPage(placed), user));
      if (placed && req.method === 'POST' && m?.[2]) {
        const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec((await readForm(req)).amount?.trim() ?? '');
        const amount = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : 0;
        if (amount < 1 || amount > placed.total - placed.refunded) return send(422, page('Refund', '<p class="note">That amount cannot be refunded.</p>' + thanksPage(placed), user));
        placed.refunds += 1;
        await twotier.orders.refund(placed.id, { id: `${placed.id}-R${placed.refunds}`, amount });
        placed.refunded += amount;
        return go(`/orders/${placed.id}`);
      }
      if (path === '/login' && req.method === 'GET') return send(200, page('Log in', loginPage(), user));
      if (path === '/login' && req.method === 'POST') {
        const { name = '', email = '' } = await readForm(req);
        if (!name.trim() || !/^[^\s@]+@[^\s@]+$/.test(email)) return send(422, page('Log in', loginPage(), null));
        const sealed = users.seal({ id: userIdFor(email), name: name.trim(), email: email.toLowerCase() });
        return go('/account', [`${USER_COOKIE}=${sealed}; Path=/; HttpOnly; SameSite=Lax`]);
      }
      if (path === '/logout' && req.method === 'POST') return go('/', [`${USER_COOKIE}=; Path=/; Max-Age=0`]);
      if (path.startsWith('/account')) {
        if (!user) return go('/login');
        if (!publishableKey) return send(200, page('Account', accountPage({ user, me: null, error: 'Set TWOTIER_PUBLISHABLE_KEY to show the distributor view.' }), user));
        const me = await sessionFor(user, referral.visitorId);
        if (req.method === 'POST' && path === '/account/join') {
          await me.me.join({ acceptTerms: true, ...(referral.code ? { parentCode: referral.code } : {}) });
          return go('/account');
        }
        if (req.method === 'GET' && path === '/account') return send(200, page('Account', accountPage({ user, me: await me.me.get() }), user));
      }
      send(404, page('Not found', '<p>Not found.</p>', user));
    } catch (error) {
      console.error('[node-shop]', error);
      send(502, page('Error', `<p class="note">${String(/** @type {Error} */ (error).message).replace(/[<>&]/g, '')}</p>`, user));
    }
  });
  await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
  const { port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${bound}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
