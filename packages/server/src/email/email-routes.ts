import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { ipRateLimit } from '../http/auth';
import { HttpError } from '../http/errors';
import { openApiRoutes, route } from '../openapi/declare';
import { emailLocale, type EmailLocale } from './messages';
import { readUnsubscribeToken, unsubscribeSignatureValid } from './unsubscribe-token';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const COPY = {
  en: {
    title: 'Email from {shop}',
    ask: 'Stop emails about your commissions and withdrawals from {shop}? You can still see everything in the share panel.',
    confirm: 'Unsubscribe',
    done: 'You are unsubscribed: {shop} will send you no more emails about commissions and withdrawals.',
    again: 'Subscribe again',
    back: 'You are subscribed again to emails from {shop}.',
    bad: 'This unsubscribe link is not valid (it may be from an old email). Ask the shop to unsubscribe you.',
  },
  'zh-CN': {
    title: '{shop} 的邮件',
    ask: '不再接收 {shop} 发送的佣金与提现邮件？您仍可在分销面板中查看全部信息。',
    confirm: '退订',
    done: '已退订：{shop} 将不再向您发送佣金与提现邮件。',
    again: '重新订阅',
    back: '您已重新订阅 {shop} 的邮件。',
    bad: '此退订链接无效（可能来自较早的邮件）。请联系商家为您退订。',
  },
} as const;

function page(locale: EmailLocale, shop: string, body: string, form?: { action: string; button: string; name: string }): string {
  const t = (s: string) => escapeHtml(s.replace('{shop}', shop));
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${t(COPY[locale].title)}</title>`,
    '<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1f2328}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #1f2328;background:#1f2328;color:#fff;cursor:pointer}</style>',
    `</head><body><h1 style="font-size:1.25rem">${t(COPY[locale].title)}</h1><p>${t(body)}</p>`,
    form ? `<form method="post" action="${escapeHtml(form.action)}"><input type="hidden" name="action" value="${form.name}"><button type="submit">${t(form.button)}</button></form>` : '',
    '</body></html>',
  ].join('\n');
}

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

/** A link that names no one: a page for a browser, the JSON error otherwise (400 either way). */
function invalidLink(c: Context<AppEnv>): Response {
  if (!(c.req.header('accept') ?? '').includes('text/html')) throw new HttpError(400, 'invalid_token', 'the unsubscribe token is not valid');
  const locale = emailLocale(c.req.header('accept-language'));
  return c.body(page(locale, '', COPY[locale].bad), 400, HTML_HEADERS);
}

/** The distributor a valid token names, with the shop and their language; null when the token is not valid. */
async function subject(c: Context<AppEnv>) {
  const { db, shops } = c.get('services');
  const raw = c.req.query('token') ?? '';
  const t = readUnsubscribeToken(raw);
  const shop = t ? await shops.get(t.shopId) : null;
  const d =
    t && shop && unsubscribeSignatureValid(shop.identityKey, shop.id, t.distributorId, t.signature)
      ? await db.kysely.selectFrom('distributors').selectAll().where('shop_id', '=', shop.id).where('id', '=', t.distributorId).executeTakeFirst()
      : undefined;
  if (!t || !shop || !d) return null;
  return { shop, distributor: d, locale: emailLocale(d.locale), action: `/v1/email/unsubscribe?token=${encodeURIComponent(raw)}` };
}

/**
 * The unsubscribe link of every email: `GET /v1/email/unsubscribe?token=`
 * shows a page in the distributor's language with one button; the button
 * (and a mail client's one-click unsubscribe, RFC 8058) `POST`s to the same
 * address, which unsubscribes. A GET changes nothing: mail scanners open
 * links, and must not unsubscribe anyone. The page also offers to subscribe
 * again.
 */
export function emailRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/email/*', ipRateLimit);
  // a link that names no one answers a page (or the JSON error), never a 422: the handlers read the token
  const token = z.object({ token: z.string().describe('the signed token of the email’s link') });

  const show = {
    method: 'get',
    path: '/v1/email/unsubscribe',
    tag: 'Email',
    auth: 'none',
    summary: "The unsubscribe link of distributors' emails: a page, in the distributor's language, with one button (a GET changes nothing)",
    query: token,
    contentType: 'text/html',
    manual: true,
  } as const;
  route(app, show, async (c) => {
    const s = await subject(c);
    if (!s) return invalidLink(c);
    const unsubscribed = s.distributor.email_opt_out_at !== null && s.distributor.email_opt_out_at !== undefined;
    const copy = COPY[s.locale];
    const html = unsubscribed
      ? page(s.locale, s.shop.name, copy.done, { action: s.action, button: copy.again, name: 'resubscribe' })
      : page(s.locale, s.shop.name, copy.ask, { action: s.action, button: copy.confirm, name: 'unsubscribe' });
    return c.body(html, 200, HTML_HEADERS);
  });

  const unsubscribe = {
    method: 'post',
    path: '/v1/email/unsubscribe',
    tag: 'Email',
    auth: 'none',
    summary: 'Unsubscribe (the page’s button, and RFC 8058 one-click); `action=resubscribe` subscribes again',
    query: token,
    contentType: 'text/html',
    manual: true,
  } as const;
  route(app, unsubscribe, async (c) => {
    const s = await subject(c);
    if (!s) return invalidLink(c);
    const { db, now } = c.get('services');
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const resubscribe = form.action === 'resubscribe';
    await db.writeTx((tx) =>
      tx
        .updateTable('distributors')
        .set({ email_opt_out_at: resubscribe ? null : now().getTime() })
        .where('shop_id', '=', s.shop.id)
        .where('id', '=', s.distributor.id)
        .execute(),
    );
    const copy = COPY[s.locale];
    const html = resubscribe
      ? page(s.locale, s.shop.name, copy.back, { action: s.action, button: copy.confirm, name: 'unsubscribe' })
      : page(s.locale, s.shop.name, copy.done, { action: s.action, button: copy.again, name: 'resubscribe' });
    return c.body(html, 200, HTML_HEADERS);
  });

  return app;
}
