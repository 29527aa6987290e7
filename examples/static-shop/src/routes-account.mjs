import { AccountError, SESSION_SECONDS } from './accounts.mjs';
import { SESSION_COOKIE } from './context.mjs';
import { readForm, redirect, safeNext, sessionCookie } from './http-utils.mjs';
import { accountPage, authPage } from './pages/account-pages.mjs';

/** @typedef {import('./context.mjs').ShopContext} ShopContext @typedef {import('node:http').IncomingMessage} Req @typedef {import('node:http').ServerResponse} Res */

/**
 * The shop's own sign-up, log-in, log-out and account page.
 * @param {ShopContext} ctx
 * @returns {(req: Req, res: Res, url: URL) => Promise<boolean>}
 */
export function accountRoutes(ctx) {
  /** @param {Res} res @param {import('./accounts.mjs').User} user @param {string} next */
  const logIn = (res, user, next) =>
    redirect(res, safeNext(next), {
      'set-cookie': sessionCookie(SESSION_COOKIE, ctx.accounts.openSession(user), { maxAge: SESSION_SECONDS, secure: ctx.secureCookies }),
    });

  return async (req, res, url) => {
    const path = url.pathname;
    const next = url.searchParams.get('next') ?? '';
    if (path === '/login' || path === '/signup') {
      const mode = path === '/login' ? 'login' : 'signup';
      const title = mode === 'login' ? 'Log in' : 'Sign up';
      if (req.method === 'GET') {
        await ctx.page(req, res, { title, body: authPage({ mode, next }), active: 'login' });
        return true;
      }
      if (req.method !== 'POST') return false;
      const form = await readForm(req);
      try {
        const user =
          mode === 'login'
            ? await ctx.accounts.logIn(form.email ?? '', form.password ?? '')
            : await ctx.accounts.signUp({ email: form.email ?? '', name: form.name ?? '', password: form.password ?? '' });
        logIn(res, user, next);
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        const body = authPage({ mode, next, error: error.message, email: form.email ?? '', name: form.name ?? '' });
        await ctx.page(req, res, { title, body, active: 'login', status: mode === 'login' ? 401 : 422 });
      }
      return true;
    }
    if (path === '/logout' && req.method === 'POST') {
      await readForm(req).catch(() => ({}));
      ctx.accounts.closeSession(ctx.sessionTokenOf(req));
      redirect(res, '/', { 'set-cookie': sessionCookie(SESSION_COOKIE, '', { maxAge: 0, secure: ctx.secureCookies }) });
      return true;
    }
    if (path === '/account' && req.method === 'GET') {
      const user = ctx.userOf(req);
      if (!user) {
        redirect(res, '/login?next=/account');
        return true;
      }
      const body = accountPage({ user, orders: ctx.orders.listForUser(user.id), sharing: Boolean(ctx.tag.publishableKey) });
      await ctx.page(req, res, { title: 'Your account', body, active: 'account' });
      return true;
    }
    return false;
  };
}
